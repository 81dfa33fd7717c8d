"""The research export for the erfaringssamling (issue 21): one row per school in a
programme, de-identified. No names and no free text (only codes, counts and yes/no);
Kommune and school as stable pseudonyms (a keyed hash of the organisation number: the same
in every export while the key stays, and not reversible without it); dates to the month;
small groups generalised, then dropped (see SUPPRESSION). CSV and Parquet with the same
columns, and a data dictionary, in one zip."""

import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.exports import csv_bytes
from handlingsplan.models import Tiltak
from innsikt.models import Skolegrunnlag, Telling
from innsikt.selectors import MIN_GRUPPE

SUPPRESSION = (
    f"Grupper med færre enn {MIN_GRUPPE} skoler vises ikke: kommune-pseudonymet står tomt for skoler i en kommune "
    f"med færre enn {MIN_GRUPPE} skoler i uttrekket; fylket står tomt der fylke og skoletype sammen har færre enn "
    f"{MIN_GRUPPE} skoler; rader som da fortsatt er i en skoletype med færre enn {MIN_GRUPPE} skoler, er tatt ut."
)


@dataclass(frozen=True)
class Kolonne:
    name: str
    type: pa.DataType
    beskrivelse: str


def pseudonym(kind: str, orgnr: str) -> str:
    """A stable pseudonym: K-… for a Kommune, S-… for a school."""
    secret = settings.PSEUDONYM_KEY or settings.SECRET_KEY
    digest = salted_hmac(f"innsikt.pseudonym.{kind}", orgnr, secret=secret, algorithm="sha256").hexdigest()
    return f"{kind.upper()[0]}-{digest[:12]}"


BASE = [
    Kolonne("skole", pa.string(), "Skolens pseudonym (stabilt mellom uttrekk)."),
    Kolonne("kommune", pa.string(), "Skoleeierens pseudonym (stabilt mellom uttrekk); tomt når gruppen er for liten."),
    Kolonne("fylke", pa.string(), "Fylket; tomt når fylke og skoletype sammen er en for liten gruppe."),
    Kolonne("skoletype", pa.string(), "barneskole, ungdomsskole, kombinert, videregaende eller annen."),
    Kolonne("startmaned", pa.string(), "Måneden veiledningen startet (oppstartsmøtet), ÅÅÅÅ-MM."),
    Kolonne(
        "steg", pa.string(), "Veiledningens steg nå (planlagt, invitert, oppstart, seminar, oppfolging, avsluttet)."
    ),
    Kolonne("kjort_av", pa.string(), "arbeidstilsynet, eller fasilitator når en fasilitator i kommunen kjørte den."),
    Kolonne("fulgt_opp", pa.bool_(), "Veiledningen har nådd oppfølgingen (steg oppfolging eller avsluttet)."),
    Kolonne("vurdering_for", pa.bool_(), "Skolen hadde en ferdig risikovurdering ved oppstart."),
    Kolonne("vurdering_etter", pa.bool_(), "Skolen hadde en ferdig risikovurdering ved oppfølgingen (i dag før den)."),
    Kolonne("plan_for", pa.bool_(), "Skolen hadde en handlingsplan med tiltak ved oppstart."),
    Kolonne("plan_etter", pa.bool_(), "Skolen hadde en handlingsplan med tiltak ved oppfølgingen (i dag før den)."),
    Kolonne("egenvurdering_for", pa.int32(), "Poeng i egenvurderingen ved oppstart (ja 2, delvis 1, nei 0); tom uten."),
    Kolonne("egenvurdering_etter", pa.int32(), "Poeng i egenvurderingen før oppfølgingen; tom uten."),
    Kolonne("egenvurdering_maks", pa.int32(), "Høyeste mulige poeng i egenvurderingen (2 per spørsmål)."),
    Kolonne("risikoforhold", pa.int32(), "Antall risikoforhold i skolens gjeldende risikovurderinger."),
    Kolonne("risiko_hoy", pa.int32(), "… av dem vurdert til høy risiko."),
    Kolonne("risiko_middels", pa.int32(), "… av dem vurdert til middels risiko."),
    Kolonne("risiko_lav", pa.int32(), "… av dem vurdert til lav risiko."),
    Kolonne("tiltak", pa.int32(), "Antall tiltak i skolens handlingsplan (ikke forkastede)."),
    Kolonne("tiltak_gjennomfort", pa.int32(), "… av dem gjennomført innen oppfølgingen."),
    Kolonne("tiltak_forfalt", pa.int32(), "… av dem åpne etter fristen i dag."),
    *(Kolonne(f"tiltak_{t}", pa.int32(), f"Tiltak av typen «{t}».") for t in Tiltak.Type.values),
    *(Kolonne(f"tiltak_omrade_{o}", pa.int32(), f"Tiltak på området «{o}».") for o in Tiltak.Omrade.values),
]


def _question_columns(keys: list[str]) -> list[Kolonne]:
    return [
        Kolonne(f"ev_{fase}_{key}", pa.int32(), f"Egenvurderingen {label}, spørsmålet «{key}»: 2 ja, 1 delvis, 0 nei.")
        for key in keys
        for fase, label in (("for", "ved oppstart"), ("etter", "før oppfølgingen"))
    ]


def _counts() -> dict[int, dict]:
    found: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    rows = Telling.objects.filter(dimensjon__in=("rader", "type", "omrade")).values_list(
        "grunnlag_id", "dimensjon", "verdi", "niva", "antall", "gjennomfort", "forfalt"
    )
    for g, dimensjon, verdi, niva, n, done, late in rows:
        cell = found[g]
        if dimensjon == "rader":
            cell["risikoforhold"] += n
            if niva in ("hoy", "middels", "lav"):
                cell[f"risiko_{niva}"] += n
        elif dimensjon == "type":
            cell["tiltak"] += n
            cell["tiltak_gjennomfort"] += done
            cell["tiltak_forfalt"] += late
            cell[f"tiltak_{verdi}"] += n
        else:
            cell[f"tiltak_omrade_{verdi}"] += n
    return found


def _suppress(rows: list[dict]) -> list[dict]:
    """Generalise, then drop, so no group of fewer than MIN_GRUPPE schools is in the data."""

    def schools_by(key) -> dict:
        groups = defaultdict(set)
        for row in rows:
            groups[key(row)].add(row["skole"])
        return groups

    kommuner = schools_by(lambda r: r["kommune"])
    for row in rows:
        if len(kommuner[row["kommune"]]) < MIN_GRUPPE:
            row["kommune"] = ""
    places = schools_by(lambda r: (r["fylke"], r["skoletype"]))
    for row in rows:
        if len(places[(row["fylke"], row["skoletype"])]) < MIN_GRUPPE:
            row["fylke"] = ""
    places = schools_by(lambda r: (r["fylke"], r["skoletype"]))
    return [r for r in rows if len(places[(r["fylke"], r["skoletype"])]) >= MIN_GRUPPE]


def dataset() -> tuple[list[Kolonne], list[dict]]:
    """The columns and the rows of the export, suppressed."""
    counts = _counts()
    grunnlag = Skolegrunnlag.objects.select_related("program", "kommune", "skole").order_by("pk")
    keys = sorted({k for g in grunnlag for k in (g.egenvurdering_for or {}) | (g.egenvurdering_etter or {})})
    columns = BASE + _question_columns(keys)
    rows = []
    for g in grunnlag:
        row = {
            "skole": pseudonym("skole", g.skole.orgnr), "kommune": pseudonym("kommune", g.kommune.orgnr),
            "fylke": g.fylke, "skoletype": g.skoletype, "startmaned": g.maned.strftime("%Y-%m"), "steg": g.steg,
            "kjort_av": "fasilitator" if g.program.kjort_av_id else "arbeidstilsynet", "fulgt_opp": g.fulgt_opp,
            "vurdering_for": g.vurdering_for, "vurdering_etter": g.vurdering_etter, "plan_for": g.plan_for,
            "plan_etter": g.plan_etter, "egenvurdering_for": g.poeng_for, "egenvurdering_etter": g.poeng_etter,
            "egenvurdering_maks": g.poeng_maks or None,
        }  # fmt: skip
        cell = counts.get(g.pk, {})
        for column in BASE:
            if column.name not in row:  # the counts
                row[column.name] = cell.get(column.name, 0)
        for key in keys:
            row[f"ev_for_{key}"] = (g.egenvurdering_for or {}).get(key)
            row[f"ev_etter_{key}"] = (g.egenvurdering_etter or {}).get(key)
        rows.append(row)
    return columns, _suppress(rows)


def _parquet(columns: list[Kolonne], rows: list[dict]) -> bytes:
    schema = pa.schema(
        [pa.field(c.name, c.type, metadata={"beskrivelse": c.beskrivelse}) for c in columns],
        metadata={"undertrykking": SUPPRESSION},
    )
    table = pa.Table.from_pylist(rows, schema=schema)
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def _csv(columns: list[Kolonne], rows: list[dict]) -> bytes:
    def cell(value):
        return {True: "ja", False: "nei"}.get(value, value) if isinstance(value, bool) else value

    return csv_bytes([c.name for c in columns], ([cell(r[c.name]) for c in columns] for r in rows))


def _dictionary(columns: list[Kolonne]) -> bytes:
    kinds = {pa.string(): "tekst (kode)", pa.bool_(): "ja/nei", pa.int32(): "heltall"}
    return csv_bytes(["kolonne", "type", "beskrivelse"], ([c.name, kinds[c.type], c.beskrivelse] for c in columns))


def zip_bytes() -> tuple[bytes, int, str]:
    """The export as a zip (CSV, Parquet, data dictionary, read-me); its rows; its file name."""
    columns, rows = dataset()
    stem = f"vts-forskningsdata-{timezone.localdate():%Y-%m-%d}"
    readme = (
        "Vold og trusler i skolen: avidentifisert datasett for erfaringssamlingen.\n\n"
        "data.csv (semikolon, UTF-8) og data.parquet har de samme kolonnene; ordbok.csv forklarer dem.\n"
        "Én rad per skole per veiledning. Ingen navn og ingen fritekst. Datoer til måneden.\n"
        f"{SUPPRESSION}\n"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}/data.csv", _csv(columns, rows))
        archive.writestr(f"{stem}/data.parquet", _parquet(columns, rows))
        archive.writestr(f"{stem}/ordbok.csv", _dictionary(columns))
        archive.writestr(f"{stem}/LESMEG.txt", readme)
    return out.getvalue(), len(rows), f"{stem}.zip"
