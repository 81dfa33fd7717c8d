from django.urls import path

from handlingsplan import views

app_name = "handlingsplan"
urlpatterns = [
    path("skoler/<int:pk>/handlingsplan/", views.skole_plan, name="skole_plan"),
    path("kommuner/<str:orgnr>/handlingsplan/", views.kommune_plan, name="kommune_plan"),
    path("kommuner/<str:orgnr>/handlingsplaner/", views.oversikt, name="oversikt"),
    path("kommuner/<str:orgnr>/handlingsplaner/tiltak.xlsx", views.kommune_xlsx, name="kommune_xlsx"),
    path("handlingsplaner/<int:pk>/", views.detail, name="detail"),
    path("handlingsplaner/<int:pk>/nytt-tiltak/", views.tiltak_new, name="tiltak_new"),
    path("handlingsplaner/<int:pk>/medvirkning/", views.medvirkning, name="medvirkning"),
    path("handlingsplaner/<int:pk>/rapport/", views.pdf, name="pdf"),
    path("handlingsplaner/<int:pk>/tiltak.xlsx", views.xlsx, name="xlsx"),
    path("tiltak/<int:pk>/", views.tiltak_edit, name="tiltak_edit"),
    path("tiltak/<int:pk>/status/", views.tiltak_status, name="tiltak_status"),
]
