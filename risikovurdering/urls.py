from django.urls import path

from risikovurdering import views

app_name = "risikovurdering"
urlpatterns = [
    path("skoler/<int:pk>/risikovurderinger/", views.skole_list, name="skole_list"),
    path("kommuner/<str:orgnr>/sektorvurdering/", views.sektor_list, name="sektor_list"),
    path("kommuner/<str:orgnr>/oversikt/", views.oversikt, name="oversikt"),
    path("kommuner/<str:orgnr>/oversikt/rapport/", views.oversikt_rapport, name="oversikt_rapport"),
    path("risikovurderinger/<int:pk>/", views.detail, name="detail"),
    path("risikovurderinger/<int:pk>/kommentar/", views.kommentar, name="kommentar"),
    path("risikovurderinger/<int:pk>/ferdig/", views.ferdig, name="ferdig"),
    path("risikovurderinger/<int:pk>/ny-versjon/", views.ny_versjon, name="ny_versjon"),
    path("risikovurderinger/<int:pk>/nytt-risikoforhold/", views.rad_new, name="rad_new"),
    path("risikovurderinger/<int:pk>/rapport/", views.rapport, name="rapport"),
    path("risikovurderinger/<int:pk>/eksport.<str:fmt>", views.eksport, name="eksport"),
    path("risikoforhold/<int:pk>/", views.rad, name="rad"),
    path("risikoforhold/<int:pk>/autolagre/", views.rad_autosave, name="rad_autosave"),
    path("risikoforhold/<int:pk>/slett/", views.rad_delete, name="rad_delete"),
]
