from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingsplanConfig(AppConfig):
    name = "handlingsplan"
    verbose_name = _("Handlingsplan")

    def ready(self):
        from core.reports import register_report
        from handlingsplan import reminders, reports
        from veiledning.hooks import on_samling_changed

        register_report("handlingsplan", reports.plan_pdf)
        reminders.register()
        on_samling_changed(reminders.samling_changed)  # the follow-up reminders follow the oppfølging
