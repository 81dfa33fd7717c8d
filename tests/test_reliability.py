"""The rules of DESIGN.md §10 against the configured broker (Redis in CI) and real
worker processes: once only, under concurrency, a killed worker and a rollback."""

import ast
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.models import Paminnelse
from core.reminders import paminnelser_send_due, target_of
from tests.test_worker import database_url_for_tests
from veiledning import services


def _worker(tmp_path: Path, name: str, backend: str = "django.core.mail.backends.filebased.EmailBackend"):
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "VAR_DIR": str(settings.VAR_DIR),
        "EMAIL_BACKEND": backend,
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    log = (tmp_path / f"{name}.log").open("w")
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "-n",
        f"{name}@%h",
        "-l",
        "INFO",
    ]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)


def _mails(tmp_path: Path) -> list[str]:
    """Every message the workers wrote, as its To: line."""
    folder = tmp_path / "mail"
    if not folder.exists():
        return []
    lines = []
    for path in folder.iterdir():
        lines += [line for line in path.read_text(errors="replace").splitlines() if line.startswith("To: ")]
    return lines


def _wait(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def _due_reminders(world, n: int) -> list[Paminnelse]:
    """n participants of a seminar in 8 days, their 7-day reminders due a minute ago."""
    seminar = world.own.seminar
    for i in range(n):
        services.deltaker_add(samling=seminar, navn=f"Deltaker {i}", epost=f"d{i}@example.com", rolle="annet")
    # Only these in play: not the preparation, which is past its time and goes at once, nor
    # the calendar invitations each new participant gets at once.
    Paminnelse.objects.filter(kind__in=["forberedelse", "kalender_invitasjon"]).delete()
    rows = Paminnelse.objects.filter(target=target_of(seminar), kind="samling_7d", recipient__startswith="d")
    for row in rows:
        row.due_at = timezone.now() - timedelta(minutes=1)
        row.save(update_fields=["due_at"])
    return list(rows)


@pytest.fixture
def no_eager():
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.mark.worker
def test_two_dispatchers_at_once_send_fifty_exactly_once(transactional_db, world, tmp_path, no_eager):
    from core.tasks import send_due_reminders

    assert len(_due_reminders(world, 50)) == 50
    workers = [_worker(tmp_path, "a"), _worker(tmp_path, "b")]
    try:
        send_due_reminders.delay()
        send_due_reminders.delay()
        sent = lambda: Paminnelse.objects.filter(kind="samling_7d", recipient__startswith="d", state="sendt").count()  # noqa: E731
        assert _wait(lambda: sent() == 50), (sent(), (tmp_path / "a.log").read_text()[-2000:])
        time.sleep(1)
        recipients = [line for line in _mails(tmp_path) if "@example.com" in line and "d" in line]
        assert len(recipients) == 50 and len(set(recipients)) == 50
    finally:
        for w in workers:
            w.terminate()
            w.wait(timeout=20)


@pytest.mark.worker
def test_a_worker_killed_mid_send_sends_nothing_twice(client, transactional_db, world, tmp_path, no_eager):
    from core.tasks import send_due_reminders

    _due_reminders(world, 8)
    worker = _worker(tmp_path, "first", backend="tests.slow_mail.SlowFileBackend")
    try:
        send_due_reminders.delay()
        assert _wait(lambda: len(_mails(tmp_path)) >= 3 and Paminnelse.objects.filter(state="sending").exists(), 60)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=20)
    in_flight = list(Paminnelse.objects.filter(state="sending"))
    assert len(in_flight) == 1

    worker = _worker(tmp_path, "second")
    try:
        send_due_reminders.delay()
        rows = Paminnelse.objects.filter(kind="samling_7d", recipient__startswith="d")
        assert _wait(lambda: not rows.filter(state="planlagt").exists() and rows.filter(state="sendt").count() == 7)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    sent = _mails(tmp_path)
    assert len(sent) == len(set(sent))  # nobody got it twice
    assert Paminnelse.objects.get(pk=in_flight[0].pk).state == "sending"  # not re-sent by itself

    # After ten minutes it shows as uncertain in the outbox, with a button to send by hand.
    Paminnelse.objects.filter(pk=in_flight[0].pk).update(sending_at=timezone.now() - timedelta(minutes=11))
    client.force_login(world.veileder)
    body = client.get(reverse("pages:outbox") + "?vis=usikker").content.decode()
    assert in_flight[0].recipient in body and "usikker" in body and "Send på nytt" in body


def test_a_rolled_back_transaction_sends_nothing(transactional_db, world):
    """Real commits here (no test transaction): the letter job is enqueued only on commit."""
    for tenant in (world.own, world.foreign):
        services.veiledning_update_brev(veiledning=tenant.veiledning, var_ref="2026/1", brevform="", by=None)
    services.brev_send(veiledning=world.foreign.veiledning, by=world.admin)  # committed: sent
    assert len(mail.outbox) == 1
    before = Paminnelse.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        start = timezone.now() + timedelta(days=20)
        services.samling_schedule(
            veiledning=world.own.veiledning, type="oppstart", start=start, slutt=start + timedelta(hours=1)
        )
        services.brev_send(veiledning=world.own.veiledning, by=world.veileder)
        raise RuntimeError("the request failed")
    assert Paminnelse.objects.count() == before
    paminnelser_send_due(now=timezone.now() + timedelta(days=30))
    assert [m.to for m in mail.outbox if "Invitasjon" in m.subject] == [[world.foreign.kommune.postmottak]]


def test_a_seminar_moved_back_and_forth_reminds_once_at_the_final_time(world):
    seminar = world.own.seminar
    veiledning = seminar.veiledning
    start, slutt = seminar.start, seminar.slutt
    for shift in (timedelta(days=3), timedelta(days=-2), timedelta(hours=5), timedelta(days=1)):
        start, slutt = start + shift, slutt + shift
        services.samling_schedule(veiledning=veiledning, type="seminar", start=start, slutt=slutt)
    now = timezone.now()
    for hour in range(0, 24 * 12):
        paminnelser_send_due(now=now + timedelta(hours=hour))
    sent = Paminnelse.objects.filter(target=target_of(seminar), state="sendt", kind__startswith="samling_")
    assert sorted((r.kind, r.recipient) for r in sent) == sorted(
        (k, e) for k in ("samling_1d", "samling_7d") for e in ("hms1@example.com", "verneombud1@example.com")
    )
    for row in sent:
        assert row.due_at == start - (timedelta(days=7) if row.kind == "samling_7d" else timedelta(days=1))
    own = {"hms1@example.com", "verneombud1@example.com"}
    seminar_mails = [m for m in mail.outbox if "Påminnelse: veiledningsseminar" in m.subject and m.to[0] in own]
    assert len(seminar_mails) == 4


def test_no_eta_or_countdown_beyond_the_visibility_timeout():
    """Anything further ahead than the broker's visibility timeout is a row with a due
    time, never a message waiting in the broker."""
    limit = settings.CELERY_VISIBILITY_TIMEOUT
    offenders = []
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if {".venv", "node_modules", "var", "tests"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg in ("eta", "countdown"):
                        value = kw.value.value if isinstance(kw.value, ast.Constant) else None
                        if kw.arg == "eta" or value is None or value > limit:
                            offenders.append(f"{path}:{node.lineno}")
                    if kw.arg == "retry_backoff_max" and isinstance(kw.value, ast.Constant) and kw.value.value > limit:
                        offenders.append(f"{path}:{node.lineno}")
    assert offenders == []
    from config.celery import app

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    if settings.REDIS_URL:
        assert app.conf.broker_transport_options["visibility_timeout"] == limit
