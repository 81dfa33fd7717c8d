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
import os
import secrets
import threading
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

# Marks for what differs per request, unguessable: a person could type a fixed one into a
# text a kept page shows. Per process for the frame (kept in the process); a kept body
# carries its own, since another process may serve it.
CSRF_MARK = f"@@csrf-{secrets.token_hex(12)}@@"
PATH_MARK = f"@@path-{secrets.token_hex(12)}@@"
TIMEOUT = 60 * 60  # a kept body unused for an hour goes; a new generation makes it unreachable at once
CODE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".json", ".js", ".css"}
CODE_SKIP = {"node_modules", "var", "tests", "bench", "__pycache__"}


def _code_version() -> str:
    """What the running code was built from: a deploy with other templates, translations or
    views never serves a body kept by the one before."""
    digest = hashlib.blake2b(digest_size=8)
    root = Path(settings.BASE_DIR)
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in CODE_SKIP and not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if path.suffix in CODE_SUFFIXES:
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_mtime_ns}:{stat.st_size};".encode())
    return digest.hexdigest()


CODE = _code_version()


def _key(request, template: str, scopes: tuple, reader: tuple, clock: bool, params: tuple) -> str:
    parts = (
        CODE,
        template,
        get_language(),
        request.path,
        tuple(request.GET.get(p) for p in params),  # only what the page reads: junk makes no new keys
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
    params: tuple[str, ...] = (),
) -> SafeString:
    """The body `template` renders from `context()`, rendered only when no kept copy has
    the same key. `context` is called only then: the view's work is skipped with it.
    `reader` is who reads as far as access decides what the body shows
    (kommuner.access.reader); `params` the query parameters the body reads."""
    key = _key(request, template, scopes, reader, clock, params)
    kept = cache.get(key)
    if kept is None:
        mark = f"@@csrf-{secrets.token_hex(12)}@@"
        kept = (mark, render_to_string(template, {**context(), "csrf_token": mark}, request=request))
        cache.set(key, kept, TIMEOUT)
    mark, html = kept
    return mark_safe(html.replace(mark, get_token(request)))  # noqa: S308 rendered by our templates


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
        self.lock = threading.Lock()  # threaded servers share it

    def get(self, key, render: Callable[[], str]) -> str:
        with self.lock:
            html = self.parts.get(key, MISSING)
            if html is not MISSING:
                self.parts.move_to_end(key)
                return html
        html = render()  # outside the lock: it may render templates or read the database
        with self.lock:
            self.parts[key] = html
            if len(self.parts) > self.SIZE:
                self.parts.popitem(last=False)
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
