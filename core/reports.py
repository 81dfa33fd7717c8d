"""Reports rendered in a job and cached by data version: no slow render inside a
request, and the same data never renders twice (DESIGN.md §8, §10).

Apps register a builder per kind: builder(object_id, language, audience) -> PDF bytes."""

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Rapport

BUILDERS: dict[str, Callable[[str, str, str], bytes]] = {}


def register_report(kind: str, builder: Callable[[str, str, str], bytes]) -> None:
    BUILDERS[kind] = builder


def data_version(*parts) -> str:
    """A short hash of whatever identifies the data: update times, counts, ids."""
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


def rapport_request(*, kind: str, object_id, language: str, version: str, audience: str = "") -> Rapport:
    """The cached report for this data and audience, or a new job for it (enqueued after commit)."""
    key = {
        "kind": kind,
        "object_id": str(object_id),
        "language": language,
        "data_version": version,
        "audience": audience,
    }
    found = Rapport.objects.filter(**key).first()
    if found and found.state != Rapport.State.FEILET:
        return found
    try:
        with transaction.atomic():
            if found:
                found.delete()
            rapport = Rapport.objects.create(**key)
    except IntegrityError:  # someone asked for the same report at the same moment
        return Rapport.objects.get(**key)
    from core.tasks import render_report

    transaction.on_commit(lambda: render_report.delay(rapport.pk))
    return rapport


def rapport_render(*, rapport_id: int) -> Rapport:
    rapport = Rapport.objects.get(pk=rapport_id)
    if rapport.state == Rapport.State.KLAR:
        return rapport
    rapport.state = Rapport.State.LAGES
    rapport.save(update_fields=["state"])
    try:
        pdf = BUILDERS[rapport.kind](rapport.object_id, rapport.language, rapport.audience)
    except Exception as error:
        rapport.state, rapport.error = Rapport.State.FEILET, str(error)[:2000]
        rapport.save(update_fields=["state", "error"])
        raise
    rapport.pdf, rapport.state, rapport.finished_at = pdf, Rapport.State.KLAR, timezone.now()
    rapport.save(update_fields=["pdf", "state", "finished_at"])
    return rapport
