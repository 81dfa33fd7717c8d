from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VeiledningConfig(AppConfig):
    name = "veiledning"
    verbose_name = _("Veiledning")
