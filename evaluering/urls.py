from django.urls import path

from evaluering import views

app_name = "evaluering"
urlpatterns = [
    path("e/<str:token>/", views.svar, name="svar"),
    path("e/<str:token>/takk/", views.takk, name="takk"),
    path("evalueringer/trend/", views.trend, name="trend"),
    path("evalueringer/<int:pk>/", views.detail, name="detail"),
    path("evalueringer/<int:pk>/qr.svg", views.qr, name="qr"),
    path("evalueringer/<int:pk>/resultater/", views.resultater, name="resultater"),
    path("evalueringer/<int:pk>/rapport/", views.rapport, name="rapport"),
    path("evalueringer/<int:pk>/svar.csv", views.eksport, name="eksport"),
]
