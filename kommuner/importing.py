"""CSV import of Kommuner and Skoler. Formats and limits are in the README.

Two phases. First every row is checked and nothing is written: a file with any bad row
changes nothing, and every bad row is reported with its line and column. Then the rows
are written in batches of BATCH_SIZE, each batch its own short transaction, so that web
requests get the database between batches (on SQLite one writer at a time holds the
whole database; one long transaction made them fail with "database is locked").
Rows are matched by orgnr, so a re-import updates and never duplicates; if a write
fails after the check (the database changed meanwhile), the batches before it stay and
importing the same file again finishes the job."""

import csv
import io
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.utils.translation import gettext as _

from kommuner import services
from kommuner.models import Kommune, Skole
from kommuner.validators import NINE_DIGITS

MAX_FILE_BYTES = 10 * 1024 * 1024  # all of Norway's schools are about 0.3 MB
FIELD_SIZE_LIMIT = 10_000  # the parser's bound; each column's own limit is its model field's
BATCH_SIZE = 500
BATCH_SECONDS = 1.0  # a slow machine commits sooner: a waiting request waits about this long
SQLITE_PAUSE = 0.1  # seconds between batches on SQLite; see _write
NUMBER_MAX_DIGITS = 9
LOOKUP_CHUNK = 500  # orgnr per IN (...) query, under SQLite's variable limit

KOMMUNE_COLUMNS = ("orgnr", "nummer", "navn", "type")
KOMMUNE_OPTIONAL = ("fylke", "malform", "postmottak")
SKOLE_COLUMNS = ("orgnr", "navn", "kommune_orgnr", "skoletype")
SKOLE_OPTIONAL = ("elever", "ansatte")
# Columns that are not a CharField of the same name: their limits, and the column a
# model field's error belongs to.
OTHER_LIMITS = {"kommune_orgnr": 9, "elever": NUMBER_MAX_DIGITS, "ansatte": NUMBER_MAX_DIGITS}
COLUMN_OF_FIELD = {"kommune": "kommune_orgnr"}

MALFORM_ALIASES = {"bokmål": "bokmal", "nøytral": "noytral", "": "noytral"}

# ASCII digits only: str.isdigit() also accepts "²" and full-width digits, which int()
# then rejects or turns into a second Kommune with the "same" orgnr (the validator's own).
ORGNR = NINE_DIGITS
DIGITS = re.compile(r"[0-9]+")
NUMBER = re.compile(rf"[0-9]{{1,{NUMBER_MAX_DIGITS}}}")


@dataclass(frozen=True)
class Problem:
    column: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return self.message
        return _("kolonne %(column)s: %(message)s") % {"column": self.column, "message": self.message}


@dataclass
class RowError:
    line: int | None  # None: the file as a whole
    problems: list[Problem]

    def __str__(self) -> str:
        text = "; ".join(str(p) for p in self.problems)
        if self.line is None:
            return text
        return _("Linje %(line)s: %(messages)s") % {"line": self.line, "messages": text}


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError], *, saved: int = 0):
        self.errors = errors
        self.saved = saved  # rows already committed when a write failed after the check
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Prepared:
    line: int
    orgnr: str
    fields: dict
    unchanged: bool


def file_too_large(size: int) -> ImportFailed | None:
    if size <= MAX_FILE_BYTES:
        return None
    message = _("Filen er %(size)s MB; grensen er %(max)s MB.") % {
        "size": f"{size / 1024 / 1024:.1f}",
        "max": MAX_FILE_BYTES // 1024 // 1024,
    }
    return ImportFailed([RowError(None, [Problem("", message)])])


@contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    # csv's limit is process-wide: set it for this read only.
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


class _Lines:
    """The file's physical lines, remembering the last one read (to find an overlong field)."""

    def __init__(self, text: str):
        self._lines = io.StringIO(text, newline="\n")  # lines end at \n only, as in an editor
        self.last = ""

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        self.last = next(self._lines)
        return self.last


def _field_problem(column: str, value: str, limit: int | None) -> Problem | None:
    for char in value:
        if char != "\t" and unicodedata.category(char) == "Cc":
            return Problem(
                column, _("tegnet U+%(code)s (et kontrolltegn) er ikke tillatt") % {"code": f"{ord(char):04X}"}
            )
    if limit is not None and len(value) > limit:
        return Problem(column, _("%(length)s tegn; høyst %(max)s er tillatt") % {"length": len(value), "max": limit})
    return None


def _unreadable_line(line: str, delimiter: str, header: list[str]) -> Problem:
    """What csv refused in this line (a field over the parser's limit, or a carriage return
    in an unquoted field), and in which column, splitting on the delimiter as a best guess."""
    for index, part in enumerate(line.removesuffix("\n").removesuffix("\r").split(delimiter)):
        column = header[index] if index < len(header) else ""
        if len(part) > FIELD_SIZE_LIMIT:
            return Problem(column, _("feltet er lengre enn %(max)s tegn") % {"max": FIELD_SIZE_LIMIT})
        if problem := _field_problem(column, part, None):
            return problem
    return Problem("", _("linjen kan ikke leses som CSV"))


def read_rows(
    text: str, required: Iterable[str], limits: dict[str, int]
) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """Rows as (line number in the file, {column: value}), and the rows that fail the
    checks every field gets (size, control characters). ';' or ',' separated."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else ","
    lines = _Lines(text)
    rows, errors = [], []
    with _csv_field_limit(FIELD_SIZE_LIMIT):
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = [h.strip().lower() for h in next(reader, [])]
        except csv.Error:
            header = []
        missing = [c for c in required if c not in header]
        if missing:
            raise ImportFailed(
                [RowError(1, [Problem("", _("mangler kolonnen %(col)s") % {"col": c}) for c in missing])]
            )
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error:
                errors.append(RowError(reader.line_num, [_unreadable_line(lines.last, delimiter, header)]))
                continue
            cells += [""] * (len(header) - len(cells))  # a short row: its missing fields are empty
            values = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name}
            if not any(values.values()):
                continue
            problems = [p for name, value in values.items() if (p := _field_problem(name, value, limits.get(name)))]
            if problems:
                errors.append(RowError(reader.line_num, problems))
            else:
                rows.append((reader.line_num, values))
    if not rows and not errors:
        raise ImportFailed([RowError(1, [Problem("", _("filen har ingen rader"))])])
    return rows, errors


def _limits(model: type[models.Model], columns: Iterable[str]) -> dict[str, int]:
    limits = dict(OTHER_LIMITS)
    for name in columns:
        if name not in limits:
            limits[name] = model._meta.get_field(name).max_length
    return limits


def _problems(error: ValidationError) -> list[Problem]:
    if not hasattr(error, "error_dict"):
        return [Problem("", message) for message in error.messages]
    return [
        Problem("" if name == NON_FIELD_ERRORS else COLUMN_OF_FIELD.get(name, name), " ".join(messages))
        for name, messages in error.message_dict.items()
    ]


def _ascii_orgnr(value: str, column: str, problems: list[Problem]) -> str | None:
    if ORGNR.fullmatch(value):
        return value
    problems.append(Problem(column, _("«%(value)s» er ikke 9 sifre (0–9)") % {"value": value}))
    return None


def _number_or_none(value: str, column: str, problems: list[Problem]) -> int | None:
    if value == "":
        return None
    if not NUMBER.fullmatch(value):
        problems.append(Problem(column, _("«%(value)s» er ikke et helt tall (bare sifrene 0–9)") % {"value": value}))
        return None
    return int(value)


def _check_duplicates(rows, problems_by_line: dict[int, list[Problem]]) -> None:
    first_seen: dict[str, int] = {}
    for line, values in rows:
        orgnr = values.get("orgnr", "")
        if orgnr in first_seen:
            message = _("orgnr %(orgnr)s står også på linje %(other)s") % {"orgnr": orgnr, "other": first_seen[orgnr]}
            problems_by_line[line].append(Problem("orgnr", message))
        else:
            first_seen[orgnr] = line


def _by_orgnr(model: type[models.Model], orgnrs: Iterable[str]) -> dict[str, models.Model]:
    """Existing objects, a few queries for the whole file rather than one per row."""
    wanted = sorted({o for o in orgnrs if ORGNR.fullmatch(o)})
    found: dict[str, models.Model] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        found.update(model.objects.in_bulk(wanted[start : start + LOOKUP_CHUNK], field_name="orgnr"))
    return found


def _same(obj: models.Model, fields: dict) -> bool:
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        if field.is_relation:
            if getattr(obj, field.attname) != getattr(value, "pk", None):
                return False
        elif getattr(obj, name) != value:
            return False
    return True


def _kommune_fields(values: dict[str, str], problems: list[Problem], known: dict) -> dict:
    _ascii_orgnr(values["orgnr"], "orgnr", problems)
    if not DIGITS.fullmatch(values["nummer"]):
        problems.append(Problem("nummer", _("«%(value)s» kan bare ha sifrene 0–9") % {"value": values["nummer"]}))
    malform = values.get("malform", "").lower()
    malform = MALFORM_ALIASES.get(malform, malform)
    if malform not in Kommune.Malform.values:
        message = _("«%(value)s» er ikke bokmal, nynorsk eller noytral") % {"value": malform}
        problems.append(Problem("malform", message))
    kommune_type = values["type"].lower()
    if kommune_type not in Kommune.Type.values:
        message = _("«%(value)s» er ikke kommune eller fylkeskommune") % {"value": values["type"]}
        problems.append(Problem("type", message))
    return {
        "nummer": values["nummer"],
        "navn": values["navn"],
        "type": kommune_type,
        "fylke": values.get("fylke", ""),
        "malform": malform,
        "postmottak": values.get("postmottak", ""),
    }


def _kommuner_named(rows) -> dict[str, models.Model]:
    return _by_orgnr(Kommune, (values["kommune_orgnr"] for _line, values in rows))


def _skole_fields(values: dict[str, str], problems: list[Problem], known: dict) -> dict:
    _ascii_orgnr(values["orgnr"], "orgnr", problems)
    kommune = None
    if _ascii_orgnr(values["kommune_orgnr"], "kommune_orgnr", problems):
        kommune = known.get(values["kommune_orgnr"])
        if kommune is None:
            message = _("ingen kommune med orgnr «%(value)s»") % {"value": values["kommune_orgnr"]}
            problems.append(Problem("kommune_orgnr", message))
    skoletype = values["skoletype"].lower()
    if skoletype not in Skole.Skoletype.values:
        message = _("«%(value)s» er ikke en av %(choices)s") % {
            "value": values["skoletype"],
            "choices": ", ".join(Skole.Skoletype.values),
        }
        problems.append(Problem("skoletype", message))
    return {
        "navn": values["navn"],
        "kommune": kommune,
        "skoletype": skoletype,
        "elever": _number_or_none(values.get("elever", ""), "elever", problems),
        "ansatte": _number_or_none(values.get("ansatte", ""), "ansatte", problems),
    }


def _check(rows, *, model, to_fields, known: dict) -> tuple[list[Prepared], list[RowError]]:
    """Every row as it would be written, or its problems; nothing is saved."""
    problems_by_line: dict[int, list[Problem]] = {line: [] for line, _values in rows}
    _check_duplicates(rows, problems_by_line)
    existing = _by_orgnr(model, (values["orgnr"] for _line, values in rows))
    # Relations were looked up in bulk above; full_clean would query each one again.
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    prepared = []
    for line, values in rows:
        problems = problems_by_line[line]
        fields = to_fields(values, problems, known)
        if problems:
            continue
        current = existing.get(values["orgnr"])
        candidate = copy(current) if current else model(orgnr=values["orgnr"])
        for name, value in fields.items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=relations, validate_unique=False)
        except ValidationError as error:
            problems.extend(_problems(error))
            continue
        prepared.append(
            Prepared(line, values["orgnr"], fields, unchanged=current is not None and _same(current, fields))
        )
    errors = [RowError(line, problems) for line, problems in problems_by_line.items() if problems]
    return prepared, errors


def _write_batch(rows: list[Prepared], *, upsert: Callable, by, source: str, saved: int) -> tuple[int, int]:
    """One short transaction: rows until BATCH_SECONDS have passed. Returns (written, created)."""
    deadline = time.monotonic() + BATCH_SECONDS
    written = created = 0
    row = rows[0]
    try:
        with transaction.atomic():
            for row in rows:
                created += upsert(orgnr=row.orgnr, fields=row.fields, by=by, source=source)[1]
                written += 1
                if time.monotonic() > deadline:
                    break
    except ValidationError as error:  # the database changed since the check
        raise ImportFailed([RowError(row.line, _problems(error))], saved=saved) from error
    except DatabaseError as error:
        raise ImportFailed([RowError(row.line, [Problem("", str(error))])], saved=saved) from error
    return written, created


def _write(prepared: list[Prepared], *, upsert: Callable, by, source: str) -> ImportResult:
    """The checked rows in short transactions (see the module's docstring)."""
    result = ImportResult(unchanged=sum(row.unchanged for row in prepared))
    changed = [row for row in prepared if not row.unchanged]
    done = 0
    while done < len(changed):
        written, created = _write_batch(
            changed[done : done + BATCH_SIZE], upsert=upsert, by=by, source=source, saved=done
        )
        done += written
        result.created += created
        result.updated += written - created
        if connection.vendor == "sqlite" and done < len(changed):
            # A writer waiting on SQLite is not queued; it retries every 100 ms at most.
            # Without this pause the next batch would take the lock again before it woke.
            time.sleep(SQLITE_PAUSE)
    return result


def _import(text: str, *, model, required, optional, to_fields, upsert, lookup, by, source: str) -> ImportResult:
    too_large = file_too_large(len(text))
    if too_large:
        raise too_large
    rows, errors = read_rows(text, required, _limits(model, (*required, *optional)))
    prepared, row_errors = _check(rows, model=model, to_fields=to_fields, known=lookup(rows))
    errors = sorted(errors + row_errors, key=lambda e: e.line or 0)
    if errors:
        raise ImportFailed(errors)
    return _write(prepared, upsert=upsert, by=by, source=source)


def import_kommuner(text: str, *, by=None, source: str = "import") -> ImportResult:
    return _import(
        text,
        model=Kommune,
        required=KOMMUNE_COLUMNS,
        optional=KOMMUNE_OPTIONAL,
        to_fields=_kommune_fields,
        upsert=services.kommune_upsert,
        lookup=lambda rows: {},
        by=by,
        source=source,
    )


def import_skoler(text: str, *, by=None, source: str = "import") -> ImportResult:
    return _import(
        text,
        model=Skole,
        required=SKOLE_COLUMNS,
        optional=SKOLE_OPTIONAL,
        to_fields=_skole_fields,
        upsert=services.skole_upsert,
        lookup=_kommuner_named,
        by=by,
        source=source,
    )
