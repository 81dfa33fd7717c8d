"""The invitation letter, rendered from the same data as its preview; the closing report,
which combines the Veiledning with its evaluation, is in pages/reports.py."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from core.pdf import render_pdf
from core.reports import data_version
from veiledning.models import Samling, Veiledning
from veiledning.programmal import tekst


def letter_context(veiledning: Veiledning) -> dict:
    language = veiledning.letter_language
    innhold = veiledning.programmal.innhold
    oppstart = veiledning.samling(Samling.Type.OPPSTART)
    veileder = veiledning.veiledere.order_by("pk").first()
    with override(language):
        when = date_format(timezone.localtime(oppstart.start), "j. F Y") if oppstart else ""
        dato = date_format(timezone.localtime(veiledning.brev_sendt_at or timezone.now()), "j. F Y")
    values = {
        "kommune": veiledning.kommune.navn,
        "antall_skoler": veiledning.skoler.count(),
        "oppstart": when or "etter avtale",  # the same words in bokmål and nynorsk
        "veileder": veileder.navn if veileder else "",
        "veileder_epost": veileder.email if veileder else "",
    }
    brev = innhold["brev"]
    return {
        "veiledning": veiledning,
        "language": language,
        "dato": dato,
        "tittel": tekst(brev["tittel"], language),
        "avsnitt": [tekst(a, language).format(**values) for a in brev["avsnitt"]],
        "kopi": veiledning.kommune.kontakter.filter(skole__isnull=True).exclude(rolle="bht"),
        "skoler": veiledning.skoler.all(),
        "veileder": veileder,
    }


def letter_pdf(veiledning: Veiledning) -> bytes:
    context = letter_context(veiledning)
    return render_pdf(
        "veiledning/brev.html", context, language=context["language"], variant="pdf/a-2a", title=context["tittel"]
    )


# The letter is the same whoever asks (its veiledere): one audience.
LETTER_AUDIENCE = "veiledere"


def letter_version(veiledning: Veiledning) -> str:
    """What the letter is made from: every value it prints (the date changes each day
    until the letter is sent, and so does the version)."""
    c = letter_context(veiledning)
    return data_version(
        veiledning.pk, veiledning.updated_at, c["language"], c["dato"], c["tittel"], *c["avsnitt"],
        veiledning.var_ref, veiledning.kommune.navn, veiledning.kommune.postmottak,
        *((k.pk, k.navn, k.rolle) for k in c["kopi"]), *(s.navn for s in c["skoler"]),
        *((c["veileder"].navn, c["veileder"].email) if c["veileder"] else ()),
    )  # fmt: skip


def letter_report(object_id: str, language: str, audience: str) -> bytes:
    """The report builder ("brev"): the letter is written in its own målform."""
    return letter_pdf(Veiledning.objects.select_related("kommune", "programmal").get(pk=object_id))
