from django.urls import path

from kommuner import views

app_name = "kommuner"
urlpatterns = [
    path("kommuner/", views.kommune_list, name="kommune_list"),
    path("kommuner/<str:orgnr>/", views.kommune_detail, name="kommune"),
    path("kommuner/<str:orgnr>/deling/", views.deler_innhold, name="deler_innhold"),
    path("kommuner/<str:orgnr>/kontakter/ny/", views.kontakt_create, name="kontakt_create"),
    path("skoler/<int:pk>/", views.skole_detail, name="skole"),
    path("kontakter/<int:pk>/inviter/", views.kontakt_invite, name="kontakt_invite"),
]
