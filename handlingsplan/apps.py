from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingsplanConfig(AppConfig):
    name = "handlingsplan"
    verbose_name = _("Handlingsplan")

    def ready(self):
        from core.reminders import register_kind
        from core.reports import register_report
        from handlingsplan import mail, reports

        register_report("handlingsplan", reports.plan_pdf)
        register_kind("tiltak_forfalt", mail.overdue_digest)
        register_kind("oppfolging_30d", mail.followup_reminder)
        register_kind("oppfolging_7d", mail.followup_reminder)
