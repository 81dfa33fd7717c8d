"""The invitation letter, mailed with its PDF in the letter's language. The reminders
are in reminders.py."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from veiledning.models import Veiledning
from veiledning.reports import letter_context, letter_pdf
from veiledning.selectors import sent_recipients


def invitation_letter_send(*, veiledning: Veiledning) -> None:
    """To the recipients stored when it was sent (postmottak first, then the copies): the
    page shows those, and a contact added meanwhile gets it only when it is sent again."""
    to, cc = sent_recipients(veiledning)
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
