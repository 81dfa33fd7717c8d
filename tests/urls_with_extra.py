"""The project's URLs plus one view nobody has put in the access table (for test_access)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_patterns

urlpatterns = [*project_patterns, path("ny/", lambda request: HttpResponse(), name="ny_side_uten_tilgangsregel")]
