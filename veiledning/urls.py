from django.urls import path

from veiledning import views

app_name = "veiledning"
urlpatterns = [
    path("veiledninger/", views.dashboard, name="dashboard"),
    path("kommuner/<orgnr:orgnr>/ny-veiledning/", views.create, name="create"),
    path("kommuner/<orgnr:orgnr>/programmal/", views.programmal, name="programmal"),
    path("kommuner/<orgnr:orgnr>/programmal/kopier/", views.programmal_kopier, name="programmal_kopier"),
    path("veiledninger/<id:pk>/", views.detail, name="detail"),
    path("veiledninger/<id:pk>/skoler/", views.skoler, name="skoler"),
    path("veiledninger/<id:pk>/slett/", views.delete, name="delete"),
    path("veiledninger/<id:pk>/steg/", views.steg, name="steg"),
    path("veiledninger/<id:pk>/brev/", views.brev, name="brev"),
    path("veiledninger/<id:pk>/brev/pdf/", views.brev_pdf, name="brev_pdf"),
    path("veiledninger/<id:pk>/brev/send/", views.brev_send, name="brev_send"),
    path("veiledninger/<id:pk>/brev/send-igjen/", views.brev_resend, name="brev_resend"),
    path("veiledninger/<id:pk>/samlinger/<str:type>/", views.samling_edit, name="samling_edit"),
    path("samlinger/<id:pk>/avlys/", views.samling_avlys, name="samling_avlys"),
    path("samlinger/<id:pk>/kalender.ics", views.samling_ics_download, name="samling_ics"),
    path("samlinger/<id:pk>/deltakere/", views.deltakere, name="deltakere"),
    path("samlinger/<id:pk>/deltakere/<id:deltaker_pk>/oppmote/", views.oppmott, name="oppmott"),
    path("samlinger/<id:pk>/deltakere/<id:deltaker_pk>/fjern/", views.deltaker_remove, name="deltaker_remove"),
    path("veiledninger/<id:pk>/seminar/", views.seminar, name="seminar"),
    path("veiledninger/<id:pk>/seminar/svar/", views.seminar_svar, name="seminar_svar"),
    path("veiledninger/<id:pk>/skoler/<id:skole_pk>/oppgaver/", views.oppgaver, name="oppgaver"),
    path(
        "veiledninger/<id:pk>/skoler/<id:skole_pk>/oppgaver/autolagre/",
        views.oppgaver_autosave,
        name="oppgaver_autosave",
    ),
    path(
        "veiledninger/<id:pk>/skoler/<id:skole_pk>/egenvurdering/<str:fase>/",
        views.egenvurdering,
        name="egenvurdering",
    ),
]
