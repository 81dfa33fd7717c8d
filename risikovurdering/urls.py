from django.urls import path

from risikovurdering import views

app_name = "risikovurdering"
urlpatterns = [
    path("skoler/<id:pk>/risikovurderinger/", views.skole_list, name="skole_list"),
    path("kommuner/<orgnr:orgnr>/sektorvurdering/", views.sektor_list, name="sektor_list"),
    path("kommuner/<orgnr:orgnr>/oversikt/", views.oversikt, name="oversikt"),
    path("kommuner/<orgnr:orgnr>/oversikt/rapport/", views.oversikt_rapport, name="oversikt_rapport"),
    path("risikovurderinger/<id:pk>/", views.detail, name="detail"),
    path("risikovurderinger/<id:pk>/kommentar/", views.kommentar, name="kommentar"),
    path("risikovurderinger/<id:pk>/ferdig/", views.ferdig, name="ferdig"),
    path("risikovurderinger/<id:pk>/ny-versjon/", views.ny_versjon, name="ny_versjon"),
    path("risikovurderinger/<id:pk>/nytt-risikoforhold/", views.rad_new, name="rad_new"),
    path("risikovurderinger/<id:pk>/rapport/", views.rapport, name="rapport"),
    path("risikovurderinger/<id:pk>/eksport.<str:fmt>", views.eksport, name="eksport"),
    path("risikoforhold/<id:pk>/", views.rad, name="rad"),
    path("risikoforhold/<id:pk>/autolagre/", views.rad_autosave, name="rad_autosave"),
    path("risikoforhold/<id:pk>/slett/", views.rad_delete, name="rad_delete"),
]
