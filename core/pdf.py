"""PDFs with WeasyPrint from ordinary templates (CONVENTIONS.md: PDFs). Static files
are read from disk through a URL fetcher, never over HTTP; nothing else is fetched."""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFetcher(URLFetcher):
    """`static:css/print.css` comes from our static folders; data: URLs are allowed;
    everything else is refused (a PDF must not reach the network)."""

    def fetch(self, url, headers=None):
        if url.startswith("static:"):
            path = finders.find(url.removeprefix("static:"))
            if path:
                mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"Refusing to fetch {url} while rendering a PDF")


def render_pdf(template: str, context: dict, *, language: str, variant: str | None = None, title: str = "") -> bytes:
    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language, "pdf": True})
    document = HTML(string=html, base_url="static:", url_fetcher=StaticFetcher(fail_on_errors=True))
    options = {"pdf_variant": variant} if variant else {}
    return document.write_pdf(pdf_tags=True, **options)
