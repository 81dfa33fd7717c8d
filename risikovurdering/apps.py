from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisikovurderingConfig(AppConfig):
    name = "risikovurdering"
    verbose_name = _("Risikovurdering")

    def ready(self):
        from core.reports import register_report
        from risikovurdering import reports

        register_report("risikovurdering", reports.vurdering_pdf)
        register_report("oversikt", reports.oversikt_pdf)

        from core.reminders import register_kind
        from risikovurdering.mail import review_due

        register_kind("risiko_gjennomgang", review_due)
