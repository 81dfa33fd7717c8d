"""The one export path: formula-safe cells in CSV and XLSX alike, numbers and dates kept."""

import io
from datetime import date

from openpyxl import load_workbook

from core.exports import csv_bytes, safe_cell, xlsx_bytes


def test_cells_that_would_run_as_formulas_are_escaped():
    for dangerous in ("=1+1", "+47", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell(3) == 3 and safe_cell(date(2027, 1, 2)) == date(2027, 1, 2)
    assert safe_cell(None) == "" and safe_cell("Voksne i gangen") == "Voksne i gangen"


def test_csv_for_norwegian_excel_and_xlsx_from_the_same_rows():
    header, rows = ["tiltak", "frist"], [['=HYPERLINK("x")', date(2027, 1, 2)]]
    text = csv_bytes(header, rows).decode("utf-8")
    assert text.startswith("\ufefftiltak;frist") and "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(xlsx_bytes(header, rows, sheet="Tiltak"))).active
    assert sheet["A2"].value == '\'=HYPERLINK("x")' and sheet["B2"].value.date() == date(2027, 1, 2)
