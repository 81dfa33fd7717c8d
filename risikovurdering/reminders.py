from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import Paminnelse
from core.reminders import target_object
from risikovurdering.models import Risikovurdering


def review_due(row: Paminnelse) -> EmailMessage | None:
    """The yearly review comes up; not sent if a newer version has started."""
    vurdering = target_object(Risikovurdering, row, "skole", "kommune", "neste")
    if vurdering is None or getattr(vurdering, "neste", None) is not None:
        return None
    context = {
        "vurdering": vurdering,
        "link": settings.SITE_URL + reverse("risikovurdering:detail", args=[vurdering.pk]),
    }
    return EmailMessage(
        subject=_("Risikovurderingen skal gjennomgås"),
        body=render_to_string("risikovurdering/email/gjennomgang.txt", context),
        to=[row.recipient],
    )
