"""Generations of the data (issue 20): a number per scope that changes whenever data in
the scope is written, so a page part rendered once can be kept under a key holding the
generations it was made from and is never served after a change.

Scopes: each app's label ("veiledning", "kommuner", …: any write in the app, for pages
across Kommuner such as the veileder's dashboard), and `sted:<kommune id>` for data that
belongs to one Kommune or its schools (a school's risk assessment, a plan, a contact), so
one school's autosave does not throw away what another Kommune's pages keep. Shared data
with no Kommune (a risk matrix, a programme template, a person's name) bumps
`felles:<label>`.

Every save, delete and many-to-many change of our models bumps its scopes through
signals, at once and again when the transaction commits (a page rendered between the two
from the old rows is then kept under a generation nobody asks for again). Writes that
bypass signals (`QuerySet.update`) call `bump` themselves. The numbers live in the shared
cache; a missing one starts from the clock, so a flushed cache never brings back a key
that was kept before."""

import time
from contextvars import ContextVar, Token
from operator import attrgetter

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

APPS = ("accounts", "kommuner", "veiledning", "risikovurdering", "handlingsplan", "evaluering")
# Written by the hundreds in a seminar and shown on no kept page; signals on them would also
# make their deletes row by row.
UNWATCHED = {"evaluering.Besvarelse", "evaluering.Svar"}
PREFIX = "gen:"
# Histories change without a save of a model of ours only when an entry is redacted or
# purged; those bump this scope themselves (core.audit, pages.retention).
HISTORIKK = "felles:historikk"
# Second-factor devices (django_otp's models): a removed or new device moves it.
OTP = "felles:totrinn"
OTP_APPS = ("otp_totp", "otp_static")
# Saves that change nothing a page shows: the login stamp, a session's renewal.
QUIET_FIELDS = {frozenset({"last_login"})}


def _start() -> int:
    return time.time_ns()


# The generations one request has read: every page reads the same few (the user, the
# memberships, the navigation, the page's body), once, in one round trip
# (core.middleware.GenerationsMiddleware). None outside a request.
_request_memo: ContextVar[dict | None] = ContextVar("generations", default=None)
EVERY_PAGE = ("felles:accounts", "kommuner", "veiledning", OTP)


def generations(*scopes: str) -> tuple[int, ...]:
    """The current generation of each scope, in one round trip to the cache."""
    memo = _request_memo.get()
    wanted = [PREFIX + s for s in scopes if memo is None or PREFIX + s not in memo]
    if memo == {}:  # the request's first question: the ones every page asks come along
        wanted += [PREFIX + s for s in EVERY_PAGE if PREFIX + s not in wanted]
    found = cache.get_many(wanted) if wanted else {}
    for key in wanted:
        if key not in found:
            cache.add(key, _start(), timeout=None)
            found[key] = cache.get(key)
    if memo is None:
        return tuple(found[PREFIX + s] for s in scopes)
    memo.update(found)
    return tuple(memo[PREFIX + s] for s in scopes)


_MISSING = object()


def kept(name: str, scopes: tuple[str, ...], compute, *, keep_none: bool = False, timeout: int = 60 * 60):
    """`compute()`, read from the shared cache under the generations of `scopes`: a write in
    any of them makes the next read compute afresh. None is kept only with `keep_none` (not
    for keys anyone can make up: a stranger's guesses would fill the cache)."""
    key = f"{name}:{'-'.join(map(str, generations(*scopes)))}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if value is not None or keep_none:
            cache.set(key, value, timeout)
    return value


def request_started() -> Token:
    """A request begins: its generations are read when first asked for (a request that asks
    none, a static file or a health check, costs nothing), once."""
    return _request_memo.set({})


def request_finished(token: Token) -> None:
    _request_memo.reset(token)


def bump(*scopes: str) -> None:
    memo = _request_memo.get()
    for scope in scopes:
        key = PREFIX + scope
        if memo is not None:
            memo.pop(key, None)  # read again after this write
        try:
            cache.incr(key)
        except ValueError:  # not there (never read, or flushed): any new number will do
            cache.set(key, _start(), timeout=None)


def sted(kommune_id) -> str:
    return f"sted:{kommune_id}"


# How to reach the Kommune from each model that belongs to one (the others are shared).
KOMMUNE_OF = {
    "kommuner.Kommune": "pk",
    "risikovurdering.Risikoforhold": "vurdering.kommune_id",
    "risikovurdering.Kommentar": "vurdering.kommune_id",
    "handlingsplan.Tiltak": "plan.kommune_id",
    "handlingsplan.TiltakStatusEndring": "tiltak.plan.kommune_id",
    "handlingsplan.Medvirkning": "plan.kommune_id",
    "handlingsplan.Kommentar": "plan.kommune_id",
    "handlingsplan.Statussvar": "foresporsel.kommune_id",
    "veiledning.StegEndring": "veiledning.kommune_id",
    "veiledning.Samling": "veiledning.kommune_id",
    "veiledning.Oppgavesvar": "veiledning.kommune_id",
    "veiledning.Egenvurdering": "veiledning.kommune_id",
    "veiledning.Deltaker": "samling.veiledning.kommune_id",
    "evaluering.Evaluering": "samling.veiledning.kommune_id",
}


def _kommune_id(obj: models.Model):
    path = KOMMUNE_OF.get(obj._meta.label)
    if path is None:
        return getattr(obj, "kommune_id", None)  # Skole, Kontakt, Veiledning, Handlingsplan, …
    try:
        return attrgetter(path)(obj)
    except ObjectDoesNotExist:  # deleted with its parent, whose own delete bumps the place
        return None


def scopes_of(obj: models.Model) -> tuple[str, ...]:
    label = obj._meta.app_label
    kommune_id = _kommune_id(obj)
    return (label, sted(kommune_id)) if kommune_id else (label, f"felles:{label}")


def touch(obj: models.Model) -> None:
    """Bump the scopes of obj now and again when the transaction commits."""
    bump_now_and_at_commit(*scopes_of(obj))


def bump_now_and_at_commit(*scopes: str) -> None:
    """After a write: now (this transaction's own later reads) and at commit (a page rendered
    in between, from the rows before the write, is kept under a number nobody asks for)."""
    bump(*scopes)
    transaction.on_commit(lambda: bump(*scopes), robust=True)


def _on_save(sender, instance, update_fields=None, **kwargs):
    if update_fields and frozenset(update_fields) in QUIET_FIELDS:
        return
    touch(instance)


def _on_delete(sender, instance, **kwargs):
    touch(instance)


def _on_device(sender, instance, **kwargs):
    bump_now_and_at_commit(OTP)


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        touch(instance)
        bump(sender._meta.app_label)


def connect() -> None:
    """Called once from CoreConfig.ready: a receiver per model of ours (never for every
    model: a global delete receiver would turn Django's fast deletes into row-by-row ones)."""
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in UNWATCHED:
                continue
            post_save.connect(_on_save, sender=model, dispatch_uid=f"gen-save-{model._meta.label}")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"gen-delete-{model._meta.label}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"gen-m2m-{through._meta.label}")
    for label in OTP_APPS:
        for model in apps.get_app_config(label).get_models():
            post_save.connect(_on_device, sender=model, dispatch_uid=f"gen-otp-save-{model._meta.label}")
            post_delete.connect(_on_device, sender=model, dispatch_uid=f"gen-otp-delete-{model._meta.label}")
