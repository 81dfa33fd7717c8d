"""The app's URLs plus /bench/bare/: the cheapest Django view, served by the same
server through the same middleware, as the yardstick for the key pages."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *app_urlpatterns]
