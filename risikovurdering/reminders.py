"""The yearly review of a finished risk assessment (DESIGN.md §7): planned when it is
finished, stopped when the review starts; the builder re-checks at send time."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Paminnelse
from core.reminders import Wanted, paminnelser_sync, register_kind, target_object, target_of
from kommuner.models import Kontakt
from risikovurdering.models import Risikovurdering

REVIEW_NOTICE = timedelta(days=30)


def review_reminders_sync(*, vurdering: Risikovurdering, stop: bool = False) -> None:
    """30 days before the yearly review is due, to the school's HMS-gruppe (for sektor,
    the Kommune's employer side)."""
    wanted = []
    if not stop and vurdering.status == Risikovurdering.Status.FERDIG and vurdering.neste_gjennomgang:
        due = datetime.combine(
            vurdering.neste_gjennomgang - REVIEW_NOTICE, time(8, 0), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
        if vurdering.skole_id:
            kontakter = Kontakt.objects.filter(skole=vurdering.skole, rolle__in=Kontakt.SKOLE_ROLLER)
        else:
            kontakter = Kontakt.objects.filter(
                kommune=vurdering.kommune, skole__isnull=True, rolle__in=Kontakt.ARBEIDSGIVER
            )
        for kontakt in kontakter.select_related("user", "kommune"):
            wanted.append(Wanted("risiko_gjennomgang", kontakt.epost, due, kontakt.language, timedelta(days=300)))
    paminnelser_sync(target=target_of(vurdering), kinds={"risiko_gjennomgang"}, wanted=wanted)


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


def register() -> None:
    register_kind("risiko_gjennomgang", review_due, gettext_lazy("Risikovurderingen skal gjennomgås"))
