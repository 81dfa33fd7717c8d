from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KommunerConfig(AppConfig):
    name = "kommuner"
    verbose_name = _("Kommuner og skoler")
