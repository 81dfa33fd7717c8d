"""Page parts rendered once and kept (issue 20): a page's body in the shared cache under a
key made of everything it is rendered from, and the page frame in each process.

What a kept part may not hold is what differs between two requests for the same key: the
CSRF token (each request masks it anew, and it changes at login) and, in the frame, the
path the language switcher returns to. Both are rendered as marks and put in on the way
out. Everything else a part shows must be in its key: the reader and their memberships,
the language, the path with its query, the generations of the data it reads
(core.versions), the code it was rendered by, and for parts that say what is next or late,
the clock to the minute."""

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import versions

CSRF_MARK = "@@keep-csrf@@"
PATH_MARK = "@@keep-path@@"
TIMEOUT = 60 * 60  # a kept body unused for an hour goes; a new generation makes it unreachable at once
CODE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".json", ".js", ".css"}
CODE_SKIP = {".venv", "node_modules", "var", ".git", "tests", "bench"}


def _code_version() -> str:
    """What the running code was built from: a deploy with other templates, translations or
    views never serves a body kept by the one before."""
    digest = hashlib.blake2b(digest_size=8)
    root = Path(settings.BASE_DIR)
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if CODE_SKIP.intersection(parts) or path.suffix not in CODE_SUFFIXES or not path.is_file():
            continue
        stat = path.stat()
        digest.update(f"{'/'.join(parts)}:{stat.st_mtime_ns}:{stat.st_size};".encode())
    return digest.hexdigest()


CODE = _code_version()


def _key(request, template: str, scopes: tuple, reader: tuple, clock: bool) -> str:
    parts = (
        CODE,
        template,
        get_language(),
        request.get_full_path(),
        reader,
        versions.generations(*scopes) if scopes else (),
        timezone.now().strftime("%Y%m%d%H%M") if clock else "",
    )
    return "keep:" + hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


def kept_body(
    request,
    template: str,
    context: Callable[[], dict],
    *,
    reader: tuple,
    scopes: tuple[str, ...] = (),
    clock: bool = False,
) -> SafeString:
    """The body `template` renders from `context()`, rendered only when no kept copy has
    the same key. `context` is called only then: the view's work is skipped with it.
    `reader` is who reads as far as access decides what the body shows
    (kommuner.access.reader)."""
    key = _key(request, template, scopes, reader, clock)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, {**context(), "csrf_token": CSRF_MARK}, request=request)
        cache.set(key, html, TIMEOUT)
    return mark_safe(html.replace(CSRF_MARK, get_token(request)))  # noqa: S308 rendered by our templates


MISSING = object()


def body(request, template: str, context: Callable[[], dict], *, keep: bool = True, **key) -> SafeString:
    """A page's body: kept (`kept_body`, same key arguments) when `keep`, else rendered now,
    as a page with a refused form is (its errors and the text typed belong to this request)."""
    if keep:
        return kept_body(request, template, context, **key)
    return mark_safe(render_to_string(template, context(), request=request))  # noqa: S308 as above


class Frame:
    """The page frame's parts (and other small things kept per process): bounded, least
    recently used first out. Whatever a value depends on must be in its key."""

    SIZE = 4096

    def __init__(self):
        self.parts: OrderedDict = OrderedDict()

    def get(self, key, render: Callable[[], str]) -> str:
        html = self.parts.get(key, MISSING)
        if html is MISSING:
            html = self.parts[key] = render()
            if len(self.parts) > self.SIZE:
                self.parts.popitem(last=False)
        else:
            self.parts.move_to_end(key)
        return html

    def clear(self):
        self.parts.clear()


frame = Frame()


def fill(html: str, request, token) -> SafeString:
    """A kept frame part with this request's CSRF token and path."""
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, str(token))
    if PATH_MARK in html:
        html = html.replace(PATH_MARK, escape(request.get_full_path()))
    return mark_safe(html)  # noqa: S308 rendered by our templates; the path is escaped
