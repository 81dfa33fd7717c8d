"""The one export path (CONVENTIONS.md, "Exports"): an export is a header and rows, built
from one declared list of columns; these write it as CSV for Norwegian Excel (BOM, ';') or
as XLSX, every cell made safe against formula injection on the way."""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Numbers and dates as they are; text that begins with = + - @ (or tab/CR) would run
    as a formula in Excel, so it gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float | date | datetime) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _safe(rows: Iterable[Iterable]) -> list[list]:
    return [[safe_cell(value) for value in row] for row in rows]


def csv_bytes(header: list, rows: Iterable[Iterable]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # Norwegian Excel reads ';'
    writer.writerow(_safe([header])[0])
    writer.writerows(_safe(rows))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(header: list, rows: Iterable[Iterable], *, sheet: str) -> bytes:
    book = Workbook()
    page = book.active
    page.title = sheet[:31]  # Excel's limit on a sheet's name
    for row in [header, *rows]:
        page.append(_safe([row])[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
