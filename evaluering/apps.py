from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvalueringConfig(AppConfig):
    name = "evaluering"
    verbose_name = _("Evaluering")

    def ready(self):
        from core.reminders import register_kind
        from core.reports import register_report
        from evaluering import mail, reports

        register_report("evaluering", reports.summary_pdf)
        register_kind("evaluering_apner", mail.evaluation_link)
        register_kind("evaluering_3d", mail.evaluation_link)
