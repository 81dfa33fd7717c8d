from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisikovurderingConfig(AppConfig):
    name = "risikovurdering"
    verbose_name = _("Risikovurdering")
