"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler500, urlpatterns  # noqa: F401 (the handlers are read here)


def boom(request):
    raise RuntimeError("a bug")


def bad(request):
    raise BadRequest("bad value")


def suspicious(request):
    raise SuspiciousOperation("odd header")


urlpatterns = [
    *urlpatterns,
    path("test/feil/", boom),
    path("test/400/", bad),
    path("test/mistenkelig/", suspicious),
]
