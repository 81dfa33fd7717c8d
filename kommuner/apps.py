from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KommunerConfig(AppConfig):
    name = "kommuner"
    verbose_name = _("Kommuner og skoler")

    def ready(self):
        from accounts.personal_data import register_source
        from kommuner.personal_data import KONTAKTER

        register_source(KONTAKTER)
