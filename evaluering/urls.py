from django.urls import path

from evaluering import views

app_name = "evaluering"
urlpatterns = [
    path("e/<token:token>/", views.svar, name="svar"),
    path("e/<token:token>/takk/", views.takk, name="takk"),
    path("evalueringer/trend/", views.trend, name="trend"),
    path("evalueringer/<id:pk>/", views.detail, name="detail"),
    path("evalueringer/<id:pk>/qr.svg", views.qr, name="qr"),
    path("evalueringer/<id:pk>/resultater/", views.resultater, name="resultater"),
    path("evalueringer/<id:pk>/rapport/", views.rapport, name="rapport"),
    path("evalueringer/<id:pk>/svar.csv", views.eksport, name="eksport"),
    path("evalueringer/<id:pk>/svar/", views.besvarelser, name="besvarelser"),
]
