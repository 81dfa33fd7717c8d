"""E-mails about a Kommune itself: a change of the sharing decision."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.dates import date_format
from kommuner.models import Kommune, Kontakt


def deling_recipients(kommune: Kommune) -> list[str]:
    """The Kommune's postmottak and its employer side."""
    employer = kommune.kontakter.filter(skole__isnull=True, rolle__in=Kontakt.ARBEIDSGIVER).values_list(
        "epost", flat=True
    )
    return sorted({a for a in [kommune.postmottak, *employer] if a})


def deling_changed_send(*, kommune: Kommune, by: User) -> None:
    to = deling_recipients(kommune)
    if not to:
        return
    with translation.override(kommune.language):
        context = {
            "kommune": kommune,
            "by": by,
            "at": date_format(timezone.localtime(), "j. F Y H:i"),
            "link": settings.SITE_URL + reverse("pages:kommune", args=[kommune.orgnr]),
        }
        subject = (
            _("%(kommune)s deler nå innholdet med veilederen")
            if kommune.deler_innhold
            else _("%(kommune)s har sluttet å dele innholdet med veilederen")
        ) % {"kommune": kommune.navn}
        EmailMessage(subject=subject, body=render_to_string("kommuner/email/deling.txt", context), to=to).send()
