from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VeiledningConfig(AppConfig):
    name = "veiledning"
    verbose_name = _("Veiledning")

    def ready(self):
        from accounts.personal_data import register_source
        from core.reminders import register_kind
        from veiledning import mail
        from veiledning.personal_data import DELTAKELSE

        register_source(DELTAKELSE)
        register_kind("samling_7d", mail.meeting_reminder)
        register_kind("samling_1d", mail.meeting_reminder)
        register_kind("invitasjon_ubesvart", mail.invitation_unanswered)
        register_kind("forberedelse", mail.preparation_reminder)
        register_kind("demo", mail.demo_reminder)
