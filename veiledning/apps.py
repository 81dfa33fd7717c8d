from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VeiledningConfig(AppConfig):
    name = "veiledning"
    verbose_name = _("Veiledning")

    def ready(self):
        from accounts.personal_data import register_source
        from core.reports import register_report
        from veiledning import calendar, reminders, reports
        from veiledning.personal_data import DELTAKELSE

        register_source(DELTAKELSE)
        register_report("brev", reports.letter_report)
        reminders.register()
        calendar.register()
