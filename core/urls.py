from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("sprak/", views.language_set, name="language_set"),
    path("healthz", views.healthz, name="healthz"),
    path("okt/", views.keepalive, name="keepalive"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
    path("utsendinger/", views.outbox, name="outbox"),
    path("utsendinger/<id:pk>/send-igjen/", views.outbox_resend, name="outbox_resend"),
]
