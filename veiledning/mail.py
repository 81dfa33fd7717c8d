"""E-mails of the workflow: the invitation letter and the meeting reminders, each in
the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.models import Paminnelse
from core.reminders import target_object
from veiledning.calendar import samling_ics
from veiledning.models import Samling, Veiledning
from veiledning.reports import letter_context, letter_pdf
from veiledning.services import brev_recipients


def invitation_letter_send(*, veiledning: Veiledning) -> None:
    to, cc = brev_recipients(veiledning)
    pdf = letter_pdf(veiledning)
    with translation.override(veiledning.letter_language):
        context = letter_context(veiledning)
        message = EmailMessage(
            subject=context["tittel"],
            body=render_to_string("veiledning/email/brev.txt", context),
            to=to,
            cc=cc,
        )
        message.attach(_("invitasjon-til-veiledning.pdf"), pdf, "application/pdf")
    message.send()


def meeting_reminder(row: Paminnelse) -> EmailMessage | None:
    samling = target_object(Samling, row)
    if samling is None or samling.avlyst or not samling.deltakere.filter(epost=row.recipient).exists():
        return None
    start = timezone.localtime(samling.start)
    context = {
        "samling": samling,
        "dato": date_format(start, "l j. F Y"),
        "tid": start.strftime("%H:%M"),
        "days": 7 if row.kind == "samling_7d" else 1,
        "link": settings.SITE_URL + reverse("pages:home"),
    }
    message = EmailMessage(
        subject=_("Påminnelse: %(samling)s") % {"samling": samling.get_type_display()},
        body=render_to_string("veiledning/email/samling_paminnelse.txt", context),
        to=[row.recipient],
    )
    message.attach("samling.ics", samling_ics(samling), "text/calendar")
    return message


def invitation_unanswered(row: Paminnelse) -> EmailMessage | None:
    veiledning = target_object(Veiledning, row)
    if veiledning is None or veiledning.samlinger.filter(type=Samling.Type.OPPSTART).exists():
        return None
    context = {"veiledning": veiledning, "link": settings.SITE_URL + reverse("veiledning:detail", args=[veiledning.pk])}
    return EmailMessage(
        subject=_("Ingen oppstartsdato ennå: %(kommune)s") % {"kommune": veiledning.kommune.navn},
        body=render_to_string("veiledning/email/invitasjon_ubesvart.txt", context),
        to=[row.recipient],
    )


def preparation_reminder(row: Paminnelse) -> EmailMessage | None:
    samling = target_object(Samling, row)
    if samling is None or samling.avlyst:
        return None
    start = timezone.localtime(samling.start)
    context = {
        "samling": samling,
        "dato": date_format(start, "l j. F Y"),
        "link": settings.SITE_URL + reverse("pages:home"),
    }
    return EmailMessage(
        subject=_("Forberedelse til veiledningsseminaret"),
        body=render_to_string("veiledning/email/forberedelse.txt", context),
        to=[row.recipient],
    )


def demo_reminder(row: Paminnelse) -> EmailMessage | None:
    veiledning = target_object(Veiledning, row)
    if veiledning is None:
        return None
    return EmailMessage(
        subject=_("Demo: påminnelsene virker"),
        body=_("Denne påminnelsen ble laget av seed_demo og sendt av den planlagte jobben. Se Utsendinger."),
        to=[row.recipient],
    )
