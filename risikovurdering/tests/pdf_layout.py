"""Reading a rendered PDF's layout (WeasyPrint's own boxes, the same rendering as
core.pdf.render_pdf): what sticks out past the right margin, which table rows are split
across pages, and whether each page of a table repeats its header."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from core.pdf import StaticFetcher


def render_document(template: str, context: dict, language: str = "nb"):
    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language, "pdf": True})
    return HTML(string=html, base_url="static:", url_fetcher=StaticFetcher(fail_on_errors=True)).render()


def _walk(box, parents=()):
    yield box, parents
    for child in getattr(box, "children", ()) or ():
        yield from _walk(child, (*parents, box))


def _text(box) -> str:
    return "".join(getattr(b, "text", "") for b, _parents in _walk(box))


@dataclass
class Layout:
    overflow: list[str]  # text lines whose right edge passes the page's right margin
    split_rows: list[str]  # body rows (by their text) found on more than one page
    pages_without_header: list[int]  # pages with rows of a table but not its header
    pages: int


def layout_of(document) -> Layout:
    overflow, seen_rows, split, headless = [], {}, [], []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right = page_box.margin_width() - page_box.margin_right
        tables_with_rows, tables_with_header = set(), set()
        for box, parents in _walk(page_box):
            if isinstance(box, boxes.LineBox):
                end = max((c.position_x + c.margin_width() for c in box.children), default=box.position_x)
                if end > right + 0.5 and _text(box).strip():
                    overflow.append(_text(box)[:80])
            if isinstance(box, boxes.TableRowGroupBox):
                table = next((id(p.element) for p in reversed(parents) if isinstance(p, boxes.TableBox)), None)
                if box.element_tag == "thead":
                    tables_with_header.add(table)
                elif box.children:
                    tables_with_rows.add(table)
            if isinstance(box, boxes.TableRowBox) and parents and parents[-1].element_tag == "tbody":
                key = id(box.element)
                if seen_rows.setdefault(key, number) != number:
                    split.append(_text(box)[:80])
        if tables_with_rows - tables_with_header:
            headless.append(number)
    return Layout(overflow, split, headless, len(document.pages))
