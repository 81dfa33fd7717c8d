"""The invitation letter, rendered from the same data as its preview; the closing report,
which combines the Veiledning with its evaluation, is in pages/reports.py."""

import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from core import regelverk
from core.dates import date_format
from core.pdf import render_pdf
from core.reports import data_version
from veiledning.models import Samling, Veiledning
from veiledning.programmal import tekst
from veiledning.selectors import KOMMUNE_MOTE_ROLLER

# The letter's own frame, in the letter's målform whatever the reader's interface language
# (a letter is bokmål or nynorsk: the kommune's språkvedtak under språklova § 11, which state
# bodies follow under § 15 second paragraph; the catalogue serves the interface).
LETTER_WORDS = {
    "dato": {"nb": "Dato", "nn": "Dato"},
    "var_ref": {"nb": "Vår ref.", "nn": "Vår ref."},
    "saksbehandler": {"nb": "Saksbehandler", "nn": "Sakshandsamar"},
    "postmottak": {"nb": "Postmottak", "nn": "Postmottak"},
    "skoler": {"nb": "Skoler i planen", "nn": "Skular i planen"},
    "hilsen": {"nb": "Med hilsen", "nn": "Med helsing"},
    "signatur": {
        "nb": "Dokumentet er elektronisk godkjent og har ingen signatur.",
        "nn": "Dokumentet er elektronisk godkjent og har ikkje signatur.",
    },
    "kopi_til": {"nb": "Kopi til", "nn": "Kopi til"},
    "kontakt": {"nb": "Kontakt", "nn": "Kontakt"},
    "veileder": {"nb": "Veileder i Arbeidstilsynet", "nn": "Rettleiar i Arbeidstilsynet"},
    "epost": {"nb": "E-post", "nn": "E-post"},
    "sentralbord": {"nb": "Sentralbord", "nn": "Sentralbord"},
    "postadresse": {"nb": "Postadresse", "nn": "Postadresse"},
    "svar": {
        "nb": "Svar på invitasjonen og spørsmål om veiledningen sender dere til veilederen.",
        "nn": "Svar på invitasjonen og spørsmål om rettleiinga sender de til rettleiaren.",
    },
    # Said instead of the template's sentence with {oppstart} when no date is set.
    "oppstart_uten_dato": {
        "nb": "Vi foreslår at vi avtaler tidspunktet for oppstartsmøtet sammen når dere har svart på invitasjonen.",
        "nn": "Vi føreslår at vi avtalar tidspunktet for oppstartsmøtet saman når de har svart på invitasjonen.",
    },
}


def avsender() -> dict:
    """Arbeidstilsynet's own contact details for the letter's contact block: the same
    settings the privacy statement names (config/settings.py), the veileder's beside them."""
    return {
        "postadresse": f"{settings.BEHANDLINGSANSVARLIG}, {settings.BEHANDLINGSANSVARLIG_POSTADRESSE}",
        "sentralbord": settings.BEHANDLINGSANSVARLIG_TELEFON,
        "epost": settings.BEHANDLINGSANSVARLIG_EPOST,
    }


# The sentence of a paragraph that holds the oppstart date.
_OPPSTART_SENTENCE = re.compile(r"\s*[^.]*\{oppstart\}[^.]*\.")


def _paragraph(text: str, values: dict, language: str) -> str:
    if not values["oppstart"]:
        text = _OPPSTART_SENTENCE.sub(" " + tekst(LETTER_WORDS["oppstart_uten_dato"], language), text).strip()
    return text.format(**values)


def eier_navn(kommune) -> str:
    """The school owner as a letter names it: "Bergen kommune", "Vestland fylkeskommune";
    a name that already says what it is ("Voss herad") is left as it is."""
    navn = kommune.navn
    if navn.lower().split()[-1] in ("kommune", "fylkeskommune", "herad"):
        return navn
    return f"{navn} fylkeskommune" if kommune.type == kommune.Type.FYLKESKOMMUNE else f"{navn} kommune"


def letter_copies(veiledning: Veiledning):
    """Who the letter names in copy: those it was sent to, once sent; before that, those it
    will go to (selectors.brev_recipients)."""
    kontakter = veiledning.kommune.kontakter.filter(skole__isnull=True, rolle__in=KOMMUNE_MOTE_ROLLER)
    if veiledning.brev_sendt_at is not None:
        kontakter = kontakter.filter(epost__in=veiledning.brev_mottakere[1:])
    return kontakter


def letter_context(veiledning: Veiledning) -> dict:
    language = veiledning.letter_language
    innhold = veiledning.programmal.innhold
    oppstart = veiledning.samling(Samling.Type.OPPSTART)
    veileder = veiledning.veiledere.order_by("pk").first()
    with override(language):
        when = date_format(timezone.localtime(oppstart.start), "j. F Y") if oppstart else ""
        dato = date_format(timezone.localtime(veiledning.brev_sendt_at or timezone.now()), "j. F Y")
    on = timezone.localdate(veiledning.brev_sendt_at) if veiledning.brev_sendt_at else timezone.localdate()
    values = {
        "kommune": eier_navn(veiledning.kommune),
        # The regulation as it was named on the letter's date (chapter 3A from 2026).
        "forskrift": regelverk.kapittel_navn(on=on, language=language),
        "antall_skoler": veiledning.skoler.count(),
        "oppstart": when,
        "veileder": veileder.navn if veileder else "",
        "veileder_epost": veileder.email if veileder else "",
    }
    brev = innhold["brev"]
    return {
        "veiledning": veiledning,
        "language": language,
        "ord": {key: tekst(words, language) for key, words in LETTER_WORDS.items()},
        "dato": dato,
        "tittel": tekst(brev["tittel"], language),
        "avsnitt": [_paragraph(tekst(a, language), values, language) for a in brev["avsnitt"]],
        "kopi": letter_copies(veiledning),
        "skoler": veiledning.skoler.all(),
        "veileder": veileder,
        "avsender": avsender(),
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
        veiledning.var_ref, veiledning.kommune.navn, veiledning.kommune.postmottak, *veiledning.brev_mottakere,
        *((k.pk, k.navn, k.rolle) for k in c["kopi"]), *(s.navn for s in c["skoler"]),
        *((c["veileder"].navn, c["veileder"].email) if c["veileder"] else ()),
    )  # fmt: skip


def letter_report(object_id: str, language: str, audience: str) -> bytes:
    """The report builder ("brev"): the letter is written in its own målform."""
    return letter_pdf(Veiledning.objects.select_related("kommune", "programmal").get(pk=object_id))
