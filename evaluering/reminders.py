"""The evaluation's reminders (DESIGN.md §7): the link to the seminar's participants when
it opens, and once more three days later. The builder re-checks at send time."""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Paminnelse
from core.reminders import Wanted, paminnelser_sync, register_kind, target_object, target_of
from evaluering.links import public_url
from evaluering.models import Evaluering
from evaluering.selectors import OPEN_FOR, is_open

REMINDER_AFTER = timedelta(days=3)


def evaluering_reminders_sync(*, evaluering: Evaluering) -> None:
    """The link to registered participants when it opens, and once more three days later."""
    wanted = []
    if not evaluering.samling.avlyst:
        for deltaker in evaluering.samling.deltakere.select_related("kontakt__user", "samling__veiledning__kommune"):
            wanted.append(Wanted("evaluering_apner", deltaker.epost, evaluering.apner_at, deltaker.language, OPEN_FOR))
            if evaluering.apner_at + REMINDER_AFTER < evaluering.lukker_at:
                wanted.append(
                    Wanted(
                        "evaluering_3d",
                        deltaker.epost,
                        evaluering.apner_at + REMINDER_AFTER,
                        deltaker.language,
                        OPEN_FOR,
                    )
                )
    paminnelser_sync(target=target_of(evaluering), kinds={"evaluering_apner", "evaluering_3d"}, wanted=wanted)


def evaluation_link(row: Paminnelse) -> EmailMessage | None:
    evaluering = target_object(Evaluering, row)
    if evaluering is None or not is_open(evaluering):
        return None
    if not evaluering.samling.deltakere.filter(epost=row.recipient).exists():
        return None
    context = {"evaluering": evaluering, "link": public_url(evaluering), "reminder": row.kind == "evaluering_3d"}
    return EmailMessage(
        subject=_("Hva syntes du om veiledningsseminaret?"),
        body=render_to_string("evaluering/email/lenke.txt", context),
        to=[row.recipient],
    )


def register() -> None:
    register_kind("evaluering_apner", evaluation_link, gettext_lazy("Lenke til evalueringen"))
    register_kind("evaluering_3d", evaluation_link, gettext_lazy("Evalueringen: påminnelse"))
