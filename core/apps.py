from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import converters


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Felles")

    def ready(self) -> None:
        converters.register()  # before any URLconf loads: every app's urls.py uses them
        from core import observability, versions

        versions.connect()
        observability.connect()
