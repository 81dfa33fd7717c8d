from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisikovurderingConfig(AppConfig):
    name = "risikovurdering"
    verbose_name = _("Risikovurdering")

    def ready(self):
        from core.reports import register_report
        from risikovurdering import reminders, reports

        register_report("risikovurdering", reports.vurdering_pdf)
        register_report("oversikt", reports.oversikt_pdf)
        reminders.register()
