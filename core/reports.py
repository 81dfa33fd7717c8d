"""Reports rendered in a job and cached by data version: no slow render inside a
request, and the same data never renders twice (DESIGN.md §8, §10).

Apps register a builder per kind: builder(object_id, language, audience) -> PDF bytes.

Every render has limits, so that an oversized report fails with a clear message instead of
holding a worker for minutes (issue 15): a time limit on the task (core/tasks.py; soft: the
render stops here and says why; hard: the worker kills the process and its main process
records why) and a ceiling on the memory the render may add (below). Reports run on their
own queue and worker, so whatever they do, reminders keep going out (scripts/run.sh)."""

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Rapport

try:
    import resource
except ImportError:  # not on Windows: there the render has its time limit only
    resource = None

log = logging.getLogger(__name__)

BUILDERS: dict[str, Callable[[str, str, str], bytes]] = {}


def register_report(kind: str, builder: Callable[[str, str, str], bytes]) -> None:
    BUILDERS[kind] = builder


def data_version(*parts) -> str:
    """A short hash of whatever identifies the data: update times, counts, ids."""
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


def rapport_key(*, kind: str, object_id, language: str, version: str, audience: str = "") -> dict:
    """What a cached report is found by: its data, its language and who it is for."""
    return {"kind": kind, "object_id": str(object_id), "language": language, "data_version": version,
            "audience": audience}  # fmt: skip


def rapport_find(**key_parts) -> Rapport | None:
    return Rapport.objects.filter(**rapport_key(**key_parts)).first()


def rapport_request(*, kind: str, object_id, language: str, version: str, audience: str = "") -> Rapport:
    """The cached report for this data and audience, or a new job for it (enqueued after commit)."""
    key = rapport_key(kind=kind, object_id=object_id, language=language, version=version, audience=audience)
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
    transaction.on_commit(lambda: render_report.delay(rapport.pk))
    return rapport


def rapport_render(*, rapport_id: int) -> Rapport:
    rapport = Rapport.objects.get(pk=rapport_id)
    if rapport.state in (Rapport.State.KLAR, Rapport.State.FEILET):
        return rapport
    if rapport.state == Rapport.State.LAGES:
        # Begun before, and the process died under it (the broker gave the message back):
        # rendering it again could take the next process down too.
        return rapport_fail(rapport_id=rapport.pk, failure=Rapport.Failure.AVBRUTT, error="render died")
    rapport.state = Rapport.State.LAGES
    rapport.save(update_fields=["state"])
    try:
        with memory_ceiling(megabytes=settings.REPORT_MEMORY_LIMIT_MB):
            pdf = BUILDERS[rapport.kind](rapport.object_id, rapport.language, rapport.audience)
    except SoftTimeLimitExceeded:
        return rapport_fail(rapport_id=rapport.pk, failure=Rapport.Failure.TID, error="soft time limit")
    except MemoryError:
        return rapport_fail(rapport_id=rapport.pk, failure=Rapport.Failure.MINNE, error="memory ceiling")
    except Exception as error:
        rapport_fail(rapport_id=rapport.pk, failure="", error=str(error))
        raise
    rapport.pdf, rapport.state, rapport.finished_at = pdf, Rapport.State.KLAR, timezone.now()
    rapport.save(update_fields=["pdf", "state", "finished_at"])
    return rapport


def rapport_fail(*, rapport_id: int, failure: str, error: str) -> Rapport | None:
    """Mark a render that has not finished as failed, with the reason the reader is told.
    Also called from the worker's main process when the hard time limit killed the render."""
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().filter(pk=rapport_id).first()
        if rapport is None or rapport.state in (Rapport.State.KLAR, Rapport.State.FEILET):
            return rapport
        rapport.state, rapport.failure, rapport.error = Rapport.State.FEILET, failure, error[:2000]
        rapport.finished_at = timezone.now()
        rapport.save(update_fields=["state", "failure", "error", "finished_at"])
    if failure:
        log.warning("Report %s stopped: %s", rapport, error)
    return rapport


@contextmanager
def memory_ceiling(*, megabytes: int) -> Iterator[None]:
    """Let the code inside add at most `megabytes` of address space to what the process
    already holds (RLIMIT_AS, lifted after): past it an allocation raises MemoryError here,
    instead of the machine running out and the kernel killing some process. Set per render,
    so it holds in a prefork child and in a solo worker alike; the report worker also
    replaces a child that a render left large (--max-memory-per-child, scripts/run.sh)."""
    used = _address_space()
    if not megabytes or resource is None or used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = used + megabytes * 1024 * 1024
    for limit in (soft, hard):  # never above a limit the machine's owner set
        if limit != resource.RLIM_INFINITY:
            ceiling = min(ceiling, limit)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), or None where it is not known."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Also runs in the worker's main process after the hard time limit killed the render,
        which could not say why itself."""
        failure = Rapport.Failure.TID if isinstance(exc, TimeLimitExceeded) else Rapport.Failure.AVBRUTT
        rapport_fail(rapport_id=args[0], failure=failure, error=repr(exc))


# On the "rapporter" queue (settings.CELERY_TASK_ROUTES), with a time limit per render: soft
# stops it with a message; hard kills its process if it is stuck where the soft one cannot reach.
@shared_task(
    name="core.tasks.render_report",
    base=ReportTask,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
)
def render_report(rapport_id: int) -> None:
    rapport_render(rapport_id=rapport_id)
