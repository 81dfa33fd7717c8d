from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("sprak/", views.language_set, name="language_set"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
    path("metrics", views.metrics, name="metrics"),
    path("utsendinger/", views.outbox, name="outbox"),
    path("utsendinger/<id:pk>/send-igjen/", views.outbox_resend, name="outbox_resend"),
    path("kommuner/<orgnr:orgnr>/", views.kommune_detail, name="kommune"),
    path("skoler/<id:pk>/", views.skole_detail, name="skole"),
    path("veiledninger/<id:pk>/sluttrapport/", views.sluttrapport, name="sluttrapport"),
    path("veiledninger/<id:pk>/sluttrapport/pdf/", views.sluttrapport_pdf, name="sluttrapport_pdf"),
]
