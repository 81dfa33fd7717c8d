from django.urls import path

from innsikt import views

app_name = "innsikt"
urlpatterns = [
    path("nasjonalt/", views.nasjonalt, name="nasjonalt"),
    path("nasjonalt/forskningsdata/", views.eksport, name="eksport"),
]
