"""CSV import of Kommuner and Skoler: all or nothing, every bad row reported by line.

Formats are in the README. Rows are matched by orgnr, so a re-import updates and never
duplicates."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kommuner import services
from kommuner.models import Kommune, Skole

KOMMUNE_COLUMNS = ("orgnr", "nummer", "navn", "type")
KOMMUNE_OPTIONAL = ("fylke", "malform", "postmottak")
SKOLE_COLUMNS = ("orgnr", "navn", "kommune_orgnr", "skoletype")
SKOLE_OPTIONAL = ("elever", "ansatte")

MALFORM_ALIASES = {"bokmål": "bokmal", "nøytral": "noytral", "": "noytral"}


@dataclass
class RowError:
    line: int
    messages: list[str]

    def __str__(self) -> str:
        return _("Linje %(line)s: %(messages)s") % {"line": self.line, "messages": "; ".join(self.messages)}


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    objects: list = field(default_factory=list)


def read_rows(text: str, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number in the file, {column: value}); ';' or ',' separated."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if ";" in first else ",")
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFailed([RowError(1, [_("mangler kolonnen %(col)s") % {"col": c} for c in missing])])
    reader.fieldnames = header
    rows = []
    for row in reader:
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if any(values.values()):
            rows.append((reader.line_num, values))
    if not rows:
        raise ImportFailed([RowError(1, [_("filen har ingen rader")])])
    return rows


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
    return list(error.messages)


def _int_or_none(value: str, column: str, problems: list[str]) -> int | None:
    if value == "":
        return None
    if not value.isdigit():
        problems.append(_("%(col)s: «%(value)s» er ikke et helt tall") % {"col": column, "value": value})
        return None
    return int(value)


def _check_duplicates(rows, problems_by_line: dict[int, list[str]]) -> None:
    first_seen: dict[str, int] = {}
    for line, values in rows:
        orgnr = values.get("orgnr", "")
        if orgnr in first_seen:
            problems_by_line[line].append(
                _("orgnr %(orgnr)s står også på linje %(other)s") % {"orgnr": orgnr, "other": first_seen[orgnr]}
            )
        else:
            first_seen[orgnr] = line


def _candidate(model, orgnr: str, fields: dict):
    """The object as it would be after this row, for validation only (nothing saved)."""
    obj = model.objects.filter(orgnr=orgnr).first() or model(orgnr=orgnr)
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def _kommune_fields(values: dict[str, str], problems: list[str]) -> dict:
    malform = values.get("malform", "").lower()
    malform = MALFORM_ALIASES.get(malform, malform)
    if malform not in Kommune.Malform.values:
        problems.append(_("malform: «%(value)s» er ikke bokmal, nynorsk eller noytral") % {"value": malform})
    kommune_type = values["type"].lower()
    if kommune_type not in Kommune.Type.values:
        problems.append(_("type: «%(value)s» er ikke kommune eller fylkeskommune") % {"value": values["type"]})
    return {
        "nummer": values["nummer"],
        "navn": values["navn"],
        "type": kommune_type,
        "fylke": values.get("fylke", ""),
        "malform": malform,
        "postmottak": values.get("postmottak", ""),
    }


def _skole_fields(values: dict[str, str], problems: list[str]) -> dict:
    kommune = Kommune.objects.filter(orgnr=values["kommune_orgnr"]).first()
    if kommune is None:
        problems.append(_("kommune_orgnr: ingen kommune med orgnr «%(value)s»") % {"value": values["kommune_orgnr"]})
    skoletype = values["skoletype"].lower()
    if skoletype not in Skole.Skoletype.values:
        problems.append(
            _("skoletype: «%(value)s» er ikke en av %(choices)s")
            % {"value": values["skoletype"], "choices": ", ".join(Skole.Skoletype.values)}
        )
    return {
        "navn": values["navn"],
        "kommune": kommune,
        "skoletype": skoletype,
        "elever": _int_or_none(values.get("elever", ""), "elever", problems),
        "ansatte": _int_or_none(values.get("ansatte", ""), "ansatte", problems),
    }


def _import(text: str, *, model, required, to_fields, upsert, by, source: str) -> ImportResult:
    rows = read_rows(text, required)
    problems_by_line: dict[int, list[str]] = {line: [] for line, _values in rows}
    _check_duplicates(rows, problems_by_line)
    prepared = []
    for line, values in rows:
        problems = problems_by_line[line]
        fields = to_fields(values, problems)
        if not problems:
            try:
                _candidate(model, values["orgnr"], fields).full_clean(validate_unique=False)
            except ValidationError as error:
                problems.extend(_messages(error))
        prepared.append((values["orgnr"], fields))
    errors = [RowError(line, msgs) for line, msgs in problems_by_line.items() if msgs]
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    with transaction.atomic():
        for orgnr, fields in prepared:
            before = model.objects.filter(orgnr=orgnr).values().first()
            obj, created = upsert(orgnr=orgnr, fields=fields, by=by, source=source)
            if created:
                result.created += 1
            elif before != model.objects.filter(orgnr=orgnr).values().first():
                result.updated += 1
            else:
                result.unchanged += 1
            result.objects.append(obj)
    return result


def import_kommuner(text: str, *, by=None, source: str = "import") -> ImportResult:
    return _import(
        text,
        model=Kommune,
        required=KOMMUNE_COLUMNS,
        to_fields=_kommune_fields,
        upsert=services.kommune_upsert,
        by=by,
        source=source,
    )


def import_skoler(text: str, *, by=None, source: str = "import") -> ImportResult:
    return _import(
        text,
        model=Skole,
        required=SKOLE_COLUMNS,
        to_fields=_skole_fields,
        upsert=services.skole_upsert,
        by=by,
        source=source,
    )
