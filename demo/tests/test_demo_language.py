"""The demo writes each school owner's texts in its målform (issue 19: the demo's Voss, a
nynorsk kommune, had bokmål risk rows and measures), and runs a videregående programme for
Vestland fylkeskommune."""

import re
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import QuerySet

from demo.malform import FIELDS, demo_texts_in_malform
from evaluering.models import Svar
from handlingsplan.models import Handlingsplan, Statusforesporsel, Statussvar, Tiltak, TiltakStatusEndring
from kommuner.models import Kommune, Kontakt, Skole
from risikovurdering.models import Risikoforhold
from veiledning import services
from veiledning.models import Egenvurdering, Oppgavesvar, Programmal, Samling, StegEndring, Veiledning

BOKMAL_ONLY = ["ikke", "hva", "hvem", "hvor", "hvordan", "hvilke", "skolen", "ansatte", "vold", "trusler", "elever"]
BOKMAL_ONLY += ["fra"]
NYNORSK_ONLY = ["ikkje", "kva", "korleis", "skulen", "tilsette", "vald", "truslar"]


def _words(words: list[str]) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(words) + r")\b", re.IGNORECASE)


def demo_texts() -> dict[Kommune, list[str]]:
    """Every free text the demo stored, by the school owner it was written for."""
    texts: dict[Kommune, list[str]] = defaultdict(list)
    for rad in Risikoforhold.objects.select_related("vurdering__kommune"):
        texts[rad.vurdering.kommune] += [getattr(rad, name) for name in Risikoforhold.TEXT_FIELDS]
    for tiltak in Tiltak.objects.select_related("plan__kommune"):
        texts[tiltak.plan.kommune] += [tiltak.beskrivelse, tiltak.effekt]
    for endring in TiltakStatusEndring.objects.select_related("tiltak__plan__kommune"):
        texts[endring.tiltak.plan.kommune].append(endring.kommentar)
    for plan in Handlingsplan.objects.select_related("kommune"):
        texts[plan.kommune] += [str(value) for value in plan.svar.values()]
    for foresporsel in Statusforesporsel.objects.select_related("kommune"):
        texts[foresporsel.kommune].append(foresporsel.sporsmal)
    for svar in Statussvar.objects.select_related("foresporsel__kommune"):
        texts[svar.foresporsel.kommune].append(svar.tekst)
    for samling in Samling.objects.select_related("veiledning__kommune"):
        texts[samling.veiledning.kommune] += [samling.sted, samling.notater]
    for endring in StegEndring.objects.select_related("veiledning__kommune"):
        texts[endring.veiledning.kommune].append(endring.grunn)
    for svar in Oppgavesvar.objects.select_related("veiledning__kommune"):
        texts[svar.veiledning.kommune].append(svar.tekst)
    for vurdering in Egenvurdering.objects.select_related("veiledning__kommune"):
        texts[vurdering.veiledning.kommune] += [v.get("kommentar", "") for v in vurdering.svar.values()]
    for svar in Svar.objects.select_related("besvarelse__evaluering__samling__veiledning__kommune"):
        texts[svar.besvarelse.evaluering.samling.veiledning.kommune].append(svar.tekst)
    return {kommune: [t for t in found if t] for kommune, found in texts.items()}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # again: nothing twice, nothing changed back


def test_each_school_owner_reads_the_demo_in_its_malform(seeded):
    texts = demo_texts()
    voss = Kommune.objects.get(nummer="4621")
    assert voss.malform == Kommune.Malform.NYNORSK
    assert len(texts[voss]) > 20  # risk rows, measures, notes, evaluation comments
    nynorsk = [k for k in texts if k.language == "nn"]
    bokmal = [k for k in texts if k.language == "nb"]
    assert voss in nynorsk and bokmal
    for kommune in nynorsk:
        wrong = [t for t in texts[kommune] if _words(BOKMAL_ONLY).search(t)]
        assert not wrong, (kommune, wrong)
    for kommune in bokmal:
        wrong = [t for t in texts[kommune] if _words(NYNORSK_ONLY).search(t)]
        assert not wrong, (kommune, wrong)


def test_seeding_again_rewrites_what_an_earlier_seed_wrote_in_bokmal(seeded):
    """An existing database from before: Voss's risk rows, measures and comments in bokmål."""
    voss = Kommune.objects.get(nummer="4621")
    for model, path, field, texts in FIELDS:
        for tekst in texts:
            if isinstance(tekst, dict):
                old = QuerySet(model).filter(**{path: voss, field: tekst["nn"]})  # past the audit guard: a test
                old.update(**{field: tekst["nb"]})
    assert any(_words(BOKMAL_ONLY).search(t) for t in demo_texts()[voss])
    call_command("seed_demo", stdout=StringIO())
    wrong = [t for t in demo_texts()[voss] if _words(BOKMAL_ONLY).search(t)]
    assert not wrong
    assert demo_texts_in_malform(list(Kommune.objects.all())) == 0  # nothing left the second time


def test_the_demo_names_people_in_a_nynorsk_kommune_in_nynorsk(seeded):
    voss = Kommune.objects.get(nummer="4621")
    navn = list(voss.kontakter.values_list("navn", flat=True))
    assert any(n.startswith("Verneombod") for n in navn) and not any("Verneombud" in n for n in navn)


def test_vestland_fylkeskommune_runs_a_videregaende_programme(seeded):
    fylke = Kommune.objects.get(nummer="46")
    assert fylke.type == Kommune.Type.FYLKESKOMMUNE
    assert fylke.malform == Kommune.Malform.NYNORSK  # Vestland fylkeskommune writes nynorsk
    veiledning = Veiledning.objects.get(kommune=fylke)
    assert veiledning.programmal == services.programmal_active(fylke)
    assert veiledning.steg == Veiledning.Steg.OPPSTART
    assert veiledning.brev_sendt_at is not None and veiledning.var_ref
    assert veiledning.veiledere.filter(email="veileder@example.com").exists()
    skoler = list(veiledning.skoler.all())
    assert len(skoler) >= 2 and {s.skoletype for s in skoler} == {Skole.Skoletype.VIDEREGAENDE}
    assert all("vidaregåande skule" in s.navn for s in skoler)
    roller = set(fylke.kontakter.filter(skole=None).values_list("rolle", flat=True))
    assert {Kontakt.Rolle.KOMMUNALSJEF, Kontakt.Rolle.HMS_RADGIVER, Kontakt.Rolle.HTV, Kontakt.Rolle.HVO} <= roller
    direktor = fylke.kontakter.get(rolle=Kontakt.Rolle.KOMMUNALSJEF)
    assert direktor.tittel.startswith("Fylkesdirektør")
    assert veiledning.samlinger.filter(type=Samling.Type.OPPSTART).exists()


def test_the_fylkeskommune_gets_the_template_written_for_it(db):
    """Whatever the template's file: a template written for a fylkeskommune is the one its
    programme starts with (and a Veiledning without one gets the kommune's, not grunnskolen's)."""
    mal = services.programmal_active()
    vgs = Programmal.objects.create(
        navn="Test videregående", versjon=1, er_aktiv=True, innhold={**mal.innhold, "eier": "fylkeskommune"}
    )
    call_command("seed_demo", stdout=StringIO())
    fylke = Kommune.objects.get(nummer="46")
    assert Veiledning.objects.get(kommune=fylke).programmal.innhold["eier"] == "fylkeskommune"
    assert services.programmal_active(fylke) in (vgs, Veiledning.objects.get(kommune=fylke).programmal)
    assert Veiledning.objects.get(kommune__nummer="4621").programmal.innhold.get("eier", "kommune") == "kommune"


def test_the_seed_is_idempotent(db):
    models = [Veiledning, Samling, Kontakt, Skole, Risikoforhold, Tiltak, TiltakStatusEndring, Svar, Oppgavesvar]
    call_command("seed_demo", stdout=StringIO())
    counts = [m.objects.count() for m in models]
    call_command("seed_demo", stdout=StringIO())
    assert [m.objects.count() for m in models] == counts
