"""The order of a Veiledning's steps and what each needs (DESIGN.md §3). Pure functions."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from veiledning.models import Samling, Veiledning

ORDER = list(Veiledning.Steg.values)


def missing_for(veiledning: Veiledning, steg: str, *, letter_by_other_means: bool = False) -> list[str]:
    """What must be in place before the Veiledning can stand on `steg`. With a stated
    reason the letter may have gone by other means (post, the archive system)."""
    now = timezone.now()
    samling = {s.type: s for s in veiledning.samlinger.all() if not s.avlyst}
    needs = {
        Veiledning.Steg.INVITERT: [
            (veiledning.brev_sendt_at is not None or letter_by_other_means, _("invitasjonsbrevet er sendt"))
        ],
        Veiledning.Steg.OPPSTART: [(Samling.Type.OPPSTART in samling, _("oppstartsmøtet har en dato"))],
        Veiledning.Steg.SEMINAR: [
            (veiledning.skoler.exists(), _("minst én skole er valgt")),
            (Samling.Type.SEMINAR in samling, _("seminaret har en dato")),
        ],
        Veiledning.Steg.OPPFOLGING: [
            (Samling.Type.SEMINAR in samling and samling[Samling.Type.SEMINAR].start <= now, _("seminaret er holdt")),
            (Samling.Type.OPPFOLGING in samling, _("oppfølgingen har en dato")),
        ],
        Veiledning.Steg.AVSLUTTET: [
            (
                Samling.Type.OPPFOLGING in samling and samling[Samling.Type.OPPFOLGING].start <= now,
                _("oppfølgingsmøtet er holdt"),
            )
        ],
    }
    return [text for ok, text in needs.get(steg, []) if not ok]


def is_next(fra: str, til: str) -> bool:
    return ORDER.index(til) == ORDER.index(fra) + 1


def next_step(steg: str) -> str | None:
    i = ORDER.index(steg)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def overdue(veiledning: Veiledning) -> list[str]:
    """What is late, for the dashboard."""
    now = timezone.now()
    samling = {s.type: s for s in veiledning.samlinger.all() if not s.avlyst}
    late = []
    if veiledning.brev_sendt_at and Samling.Type.OPPSTART not in samling:
        if now - veiledning.brev_sendt_at > timedelta(days=14):
            late.append(_("ingen dato for oppstartsmøtet 14 dager etter invitasjonen"))
    seminar = samling.get(Samling.Type.SEMINAR)
    if seminar and seminar.slutt < now and veiledning.steg in ORDER[: ORDER.index(Veiledning.Steg.SEMINAR) + 1]:
        late.append(_("seminaret er holdt, men steget er ikke flyttet til oppfølging"))
    oppfolging = samling.get(Samling.Type.OPPFOLGING)
    if oppfolging and oppfolging.slutt < now and veiledning.steg != Veiledning.Steg.AVSLUTTET:
        late.append(_("oppfølgingen er holdt, men veiledningen er ikke avsluttet"))
    return late
