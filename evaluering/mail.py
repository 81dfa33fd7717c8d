from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.models import Paminnelse
from core.reminders import target_object
from evaluering import services
from evaluering.links import public_url
from evaluering.models import Evaluering


def evaluation_link(row: Paminnelse) -> EmailMessage | None:
    evaluering = target_object(Evaluering, row)
    if evaluering is None or not services.is_open(evaluering):
        return None
    if not evaluering.samling.deltakere.filter(epost=row.recipient).exists():
        return None
    context = {"evaluering": evaluering, "link": public_url(evaluering), "reminder": row.kind == "evaluering_3d"}
    return EmailMessage(
        subject=_("Hva syntes du om veiledningsseminaret?"),
        body=render_to_string("evaluering/email/lenke.txt", context),
        to=[row.recipient],
    )
