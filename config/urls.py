from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
    path("", include("pages.urls")),
    path("", include("accounts.urls")),
    path("", include("kommuner.urls")),
    path("", include("veiledning.urls")),
    path("", include("risikovurdering.urls")),
    path("", include("handlingsplan.urls")),
    path("", include("evaluering.urls")),
    path("", include("innsikt.urls")),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler500 = "core.views.server_error"
