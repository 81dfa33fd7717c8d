"""Demo data for `make run`: Vestland's real kommuner with fictitious orgnr and schools."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from accounts.models import User
from accounts.services import user_set_fasilitator
from demo.evalueringer import seed_evalueringer, seed_today
from demo.handlingsplaner import seed_handlingsplaner
from demo.historikk import seed_historikk
from demo.malform import demo_texts_in_malform
from demo.risikovurderinger import seed_risikovurderinger
from demo.veiledninger import seed_fylkeskommune, seed_third, seed_workflow
from kommuner.models import Kommune, Kontakt, Skole
from kommuner.services import kommune_upsert, kontakt_create, kontakt_link_user, skole_upsert
from kommuner.validators import orgnr_check_digit

CSV_PATH = Path(__file__).parent / "vestland-kommuner.csv"
DEMO_PASSWORD = "Vestland-demo-2026"  # noqa: S105 (demo data, printed on purpose)
SOURCE = "seed_demo"

# The two demo municipalities, of different målform (a demo setting, not a claim).
FIRST, SECOND = "4601", "4621"  # Bergen (bokmål), Voss (nynorsk)
THIRD = "4614"  # Stord: a seminar two days ago, its evaluation open now
FOURTH = "4613"  # Bømlo: a seminar this morning, its evaluation opens later today
FYLKE = "46"  # Vestland fylkeskommune: a videregående programme waiting for its oppstart
# The others are nøytral (bokmål texts). Vestland fylkeskommune writes nynorsk, as it does in
# reality (the shared data has no målform).
MALFORM = {FIRST: Kommune.Malform.BOKMAL, SECOND: Kommune.Malform.NYNORSK, FYLKE: Kommune.Malform.NYNORSK}

PLACES = ["Nordbø", "Sandvik", "Haugen", "Bakkeli", "Fjellheim", "Strand", "Lia", "Holmen", "Myrane", "Vikane"]


@dataclass
class DemoLogin:
    persona: str
    email: str
    password: str = DEMO_PASSWORD


def demo_orgnr(base: int) -> str:
    """A fictitious orgnr that passes the mod-11 check: base (7 digits) + one digit + check."""
    for extra in range(10):
        first8 = f"{base:07d}{extra}"
        check = orgnr_check_digit(first8)
        if check is not None:
            return f"{first8}{check}"
    raise ValueError(base)


def _schools_for(kommune: Kommune, index: int) -> list[tuple[str, str, dict]]:
    word = "skule" if kommune.malform == Kommune.Malform.NYNORSK else "skole"
    if kommune.type == Kommune.Type.FYLKESKOMMUNE:
        names = [(f"{place} vidaregåande skule", Skole.Skoletype.VIDEREGAENDE) for place in PLACES[:4]]
    else:
        count = 6 if kommune.nummer == FIRST else 2 + index % 3
        kinds = [Skole.Skoletype.BARNESKOLE, Skole.Skoletype.UNGDOMSSKOLE, Skole.Skoletype.KOMBINERT]
        names = [(f"{PLACES[(index + i) % len(PLACES)]} {word}", kinds[i % 3]) for i in range(count)]
    schools = []
    for i, (navn, skoletype) in enumerate(names):
        orgnr = demo_orgnr(8_000_000 + int(kommune.nummer) * 10 + i)
        elever = 120 + (index * 37 + i * 53) % 400
        fields = {"navn": navn, "kommune": kommune, "skoletype": skoletype, "elever": elever, "ansatte": elever // 8}
        schools.append((orgnr, navn, fields))
    return schools


def demo_user(email: str, navn: str, language: str, **flags) -> User:
    """A demo login with the printed password, made or reset."""
    user = User.objects.filter(email=email).first() or User(email=email)
    user.navn, user.language = navn, language
    for name, value in flags.items():
        setattr(user, name, value)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def demo_member(
    user: User, kommune: Kommune, rolle: str, skole: Skole | None = None, tittel: str = "", source: str = SOURCE
) -> Kontakt:
    """The user's membership in that role, made and linked if missing."""
    kontakt = Kontakt.objects.filter(kommune=kommune, skole=skole, rolle=rolle, epost=user.email).first()
    if kontakt is None:
        kontakt = kontakt_create(
            kommune=kommune, skole=skole, rolle=rolle, navn=user.navn, epost=user.email, tittel=tittel, source=source
        )
    if kontakt.user_id != user.pk:
        kontakt = kontakt_link_user(kontakt=kontakt, user=user, source=source)
    return kontakt


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Idempotent: running it again updates in place and resets the demo passwords."""
    kommuner: dict[str, Kommune] = {}
    with CSV_PATH.open(encoding="utf-8") as fh:
        for index, row in enumerate(csv.DictReader(fh, delimiter=";")):
            fields = {
                "nummer": row["nummer"],
                "navn": row["navn"],
                "type": row["type"],
                "fylke": "Vestland",
                "malform": MALFORM.get(row["nummer"], Kommune.Malform.NOYTRAL),
                "postmottak": f"postmottak.{row['nummer']}@example.com",
                "is_demo": True,
            }
            kommune, _ = kommune_upsert(orgnr=demo_orgnr(9_990_000 + int(row["nummer"])), fields=fields, source=SOURCE)
            kommuner[kommune.nummer] = kommune
            for orgnr, _navn, skole_fields in _schools_for(kommune, index):
                skole_upsert(orgnr=orgnr, fields={**skole_fields, "is_demo": True}, source=SOURCE)

    first, second = kommuner[FIRST], kommuner[SECOND]
    veileder = demo_user("veileder@example.com", "Vera Veileder", "nb", is_veileder=True)

    skoleeier = demo_user("skoleeier@example.com", "Sigrid Skoleeier", "nb")
    demo_member(skoleeier, first, Kontakt.Rolle.KOMMUNALSJEF, tittel="Kommunalsjef oppvekst")
    hvo = demo_user("hvo@example.com", "Håkon Hovedverneombud", "nb")
    demo_member(hvo, first, Kontakt.Rolle.HVO)
    hms = demo_user("rektor@example.com", "Randi Rektor", "nb")
    demo_member(hms, first, Kontakt.Rolle.REKTOR, skole=first.skoler.order_by("orgnr").first())
    skoleeier2 = demo_user("skuleeigar@example.com", "Sindre Skuleeigar", "nn")
    demo_member(skoleeier2, second, Kontakt.Rolle.KOMMUNALSJEF, tittel="Kommunalsjef oppvekst")
    hms2 = demo_user("rektor2@example.com", "Ragnhild Rektor", "nn")
    demo_member(hms2, second, Kontakt.Rolle.REKTOR, skole=second.skoler.order_by("orgnr").first())

    seed_workflow(veileder=veileder, first=first, second=second, hms_user=hms)

    seed_risikovurderinger(first=first, second=second)

    seed_handlingsplaner(first=first, second=second)

    third = kommuner[THIRD]
    seed_third(veileder=veileder, third=third)
    seed_evalueringer(third=third, second=second)
    seed_today(veileder=veileder, fourth=kommuner[FOURTH])
    fylke = kommuner[FYLKE]
    # "Train the trainer": the fylkeskommune's own facilitator, who sees its programmes only.
    fasilitator = demo_user("fasilitator@example.com", "Fiona Fasilitator", "nn", is_veileder=True)
    user_set_fasilitator(user=fasilitator, kommune=fylke, by=None, source=SOURCE)
    fasilitator.refresh_from_db()
    seed_fylkeskommune(veileder=veileder, fasilitator=fasilitator, fylke=fylke)
    # Ten kommuner that finished the programme a year or more ago, with Arbeidstilsynet's
    # other (not a login) veileder: the national picture's history (issue 21).
    earlier = [k for n, k in kommuner.items() if n not in (FIRST, SECOND, THIRD, FOURTH, FYLKE)][:10]
    seed_historikk(veileder=demo_user("veileder2@example.com", "Viktor Veileder", "nb", is_veileder=True),
                   kommuner=earlier)  # fmt: skip
    demo_texts_in_malform(list(kommuner.values()))  # what an earlier seed wrote in bokmål

    return [
        DemoLogin("veileder", veileder.email),
        DemoLogin("skoleeier", skoleeier.email),
        DemoLogin("hvo", hvo.email),
        DemoLogin("hms", hms.email),
        DemoLogin("skoleeier2", skoleeier2.email),
        DemoLogin("hms2", hms2.email),
        DemoLogin("fasilitator", fasilitator.email),
    ]
