"""An earlier seed wrote the demo's texts in bokmål whatever the Kommune's målform (issue 19:
Voss had bokmål risk rows and measures). Seeding again rewrites them in place for a nynorsk
demo Kommune, so `make run` on an existing database shows them in nynorsk too.

Only demo data (is_demo), and only a text that is exactly one of the demo's own bokmål
texts: nothing a person typed changes. Saved past the services (a finished assessment is
otherwise locked), but recorded in the audit trail as the seed's."""

from core.audit import audited_update, snapshot
from core.models import AuditedModel
from demo.evalueringer import COMMENTS, FIRST, NAMES_SOMEONE
from demo.handlingsplaner import MEASURES, VURDERT
from demo.risikovurderinger import EKSISTERENDE_TILTAK, SEKTOR, SITUASJONER
from demo.tekster import Tekst
from demo.veiledninger import OPPSTART_BERGEN, OPPSTART_VOSS, OPPSTART_VOSS_EARLIER
from evaluering.models import Svar
from handlingsplan.models import Tiltak, TiltakStatusEndring
from kommuner.models import Kommune
from risikovurdering.models import Risikoforhold
from veiledning.models import Samling

SOURCE = "seed_demo"

# (model, the path to its Kommune, the field, the demo's texts for it)
FIELDS = [
    (Risikoforhold, "vurdering__kommune", "situasjon", [row[2] for row in SITUASJONER] + [row[1] for row in SEKTOR]),
    (Risikoforhold, "vurdering__kommune", "eksisterende_tiltak", [EKSISTERENDE_TILTAK]),
    (Tiltak, "plan__kommune", "beskrivelse", [measure[0] for measure in MEASURES]),
    (TiltakStatusEndring, "tiltak__plan__kommune", "kommentar", [VURDERT]),
    (Samling, "veiledning__kommune", "notater", [OPPSTART_BERGEN, OPPSTART_VOSS, OPPSTART_VOSS_EARLIER]),
    (Svar, "besvarelse__evaluering__samling__veiledning__kommune", "tekst", [*COMMENTS, *FIRST, NAMES_SOMEONE]),
]


def _pairs(texts: list[Tekst | str]) -> list[tuple[str, str]]:
    return [(t["nb"], t["nn"]) for t in texts if isinstance(t, dict) and t["nb"] != t["nn"]]


def demo_texts_in_malform(kommuner: list[Kommune]) -> int:
    """Rewrite the demo's bokmål texts in the nynorsk ones among these demo Kommuner;
    returns how many rows changed (none the second time)."""
    nynorsk = [k.pk for k in kommuner if k.is_demo and k.language == "nn"]
    changed = 0
    for model, path, field, texts in FIELDS:
        rows = model.objects.filter(**{f"{path}__in": nynorsk})
        for nb, nn in _pairs(texts):
            if not issubclass(model, AuditedModel):  # a history row or an anonymous answer
                changed += rows.filter(**{field: nb}).update(**{field: nn})
                continue
            for obj in rows.filter(**{field: nb}):
                before = snapshot(obj)
                setattr(obj, field, nn)
                audited_update(obj=obj, before=before, source=SOURCE)
                changed += 1
    return changed
