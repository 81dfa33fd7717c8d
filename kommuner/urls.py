from django.urls import path

from kommuner import views

app_name = "kommuner"
urlpatterns = [
    path("kommuner/", views.kommune_list, name="kommune_list"),
    path("kommuner/<orgnr:orgnr>/deling/", views.deler_innhold, name="deler_innhold"),
    path("kommuner/<orgnr:orgnr>/kontakter/ny/", views.kontakt_create, name="kontakt_create"),
    path("kontakter/<id:pk>/inviter/", views.kontakt_invite, name="kontakt_invite"),
]
