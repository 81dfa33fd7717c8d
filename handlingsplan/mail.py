"""E-mails of the owner's view: a status request to the chosen schools' HMS-grupper,
each in the person's own language, in one SMTP session."""

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from handlingsplan.models import Statusforesporsel
from kommuner.models import Kontakt


def statusforesporsel_send(*, foresporsel: Statusforesporsel) -> int:
    """One e-mail to each member of the chosen schools' HMS-grupper. Returns how many."""
    kontakter = Kontakt.objects.filter(
        skole__in=foresporsel.skoler.all(), rolle__in=Kontakt.SKOLE_ROLLER
    ).select_related("user", "kommune", "skole")
    messages = []
    for kontakt in kontakter:
        if not kontakt.epost:
            continue
        with translation.override(kontakt.language):
            context = {
                "kommune": foresporsel.kommune.navn,
                "skole": kontakt.skole.navn,
                "sporsmal": foresporsel.sporsmal,
                "link": settings.SITE_URL + reverse("pages:home"),
            }
            messages.append(
                EmailMessage(
                    subject=_("%(kommune)s spør: hvordan går det forebyggende arbeidet?")
                    % {"kommune": foresporsel.kommune.navn},
                    body=render_to_string("handlingsplan/email/statusforesporsel.txt", context),
                    to=[kontakt.epost],
                )
            )
    if messages:
        with mail.get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)
