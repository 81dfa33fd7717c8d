from django.urls import path

from handlingsplan import views

app_name = "handlingsplan"
urlpatterns = [
    path("skoler/<id:pk>/handlingsplan/", views.skole_plan, name="skole_plan"),
    path("kommuner/<orgnr:orgnr>/handlingsplan/", views.kommune_plan, name="kommune_plan"),
    path("kommuner/<orgnr:orgnr>/handlingsplaner/", views.oversikt, name="oversikt"),
    path("kommuner/<orgnr:orgnr>/handlingsplaner/tiltak.xlsx", views.kommune_xlsx, name="kommune_xlsx"),
    path("handlingsplaner/<id:pk>/", views.detail, name="detail"),
    path("handlingsplaner/<id:pk>/nytt-tiltak/", views.tiltak_new, name="tiltak_new"),
    path("handlingsplaner/<id:pk>/medvirkning/", views.medvirkning, name="medvirkning"),
    path("handlingsplaner/<id:pk>/rapport/", views.pdf, name="pdf"),
    path("handlingsplaner/<id:pk>/tiltak.xlsx", views.xlsx, name="xlsx"),
    path("tiltak/<id:pk>/", views.tiltak_edit, name="tiltak_edit"),
    path("tiltak/<id:pk>/status/", views.tiltak_status, name="tiltak_status"),
    path("kommuner/<orgnr:orgnr>/statusforesporsler/", views.statusforesporsler, name="statusforesporsler"),
    path("statusforesporsler/<id:pk>/skoler/<id:skole_pk>/svar/", views.statussvar, name="statussvar"),
]
