from django.urls import path

from veiledning import views

app_name = "veiledning"
urlpatterns = [
    path("veiledninger/", views.dashboard, name="dashboard"),
    path("kommuner/<str:orgnr>/ny-veiledning/", views.create, name="create"),
    path("veiledninger/<int:pk>/", views.detail, name="detail"),
    path("veiledninger/<int:pk>/skoler/", views.skoler, name="skoler"),
    path("veiledninger/<int:pk>/steg/", views.steg, name="steg"),
    path("veiledninger/<int:pk>/brev/", views.brev, name="brev"),
    path("veiledninger/<int:pk>/brev.pdf", views.brev_pdf, name="brev_pdf"),
    path("veiledninger/<int:pk>/brev/send/", views.brev_send, name="brev_send"),
    path("veiledninger/<int:pk>/samlinger/<str:type>/", views.samling_edit, name="samling_edit"),
    path("samlinger/<int:pk>/avlys/", views.samling_avlys, name="samling_avlys"),
    path("samlinger/<int:pk>/kalender.ics", views.samling_ics_download, name="samling_ics"),
    path("samlinger/<int:pk>/deltakere/", views.deltakere, name="deltakere"),
    path("samlinger/<int:pk>/deltakere/<int:deltaker_pk>/oppmote/", views.oppmott, name="oppmott"),
    path("veiledninger/<int:pk>/seminar/", views.seminar, name="seminar"),
    path("veiledninger/<int:pk>/seminar/svar/", views.seminar_svar, name="seminar_svar"),
    path("veiledninger/<int:pk>/skoler/<int:skole_pk>/oppgaver/", views.oppgaver, name="oppgaver"),
    path(
        "veiledninger/<int:pk>/skoler/<int:skole_pk>/egenvurdering/<str:fase>/",
        views.egenvurdering,
        name="egenvurdering",
    ),
    path("veiledninger/<int:pk>/sluttrapport/", views.sluttrapport, name="sluttrapport"),
]
