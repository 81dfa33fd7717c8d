from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvalueringConfig(AppConfig):
    name = "evaluering"
    verbose_name = _("Evaluering")

    def ready(self):
        from core.reports import register_report
        from evaluering import reminders, reports, services
        from veiledning.hooks import on_samling_changed

        register_report("evaluering", reports.summary_pdf)
        reminders.register()
        on_samling_changed(services.samling_changed)  # the seminar's evaluation follows it
