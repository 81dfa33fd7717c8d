"""Reports never starve reminders (issue 15): reports run on their own queue and worker,
within a time limit and a memory ceiling, while reminders go out on time on theirs.
Real worker processes on the configured broker (Redis in CI), started as `make run` does."""

import os
import re
import shlex
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from core.models import Paminnelse, Rapport
from core.reminders import target_of
from core.reports import rapport_request
from tests.test_worker import database_url_for_tests
from veiledning import services

# Small limits, so that the test takes seconds, not the two minutes production allows.
LIMITS = {"REPORT_SOFT_TIME_LIMIT": "4", "REPORT_TIME_LIMIT": "7", "REPORT_MEMORY_LIMIT_MB": "200"}


def _worker(tmp_path: Path, name: str, *options: str) -> subprocess.Popen:
    env = {
        **os.environ,
        **LIMITS,
        "DATABASE_URL": database_url_for_tests(),
        "VAR_DIR": str(settings.VAR_DIR),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    log = (tmp_path / f"{name}.log").open("w")
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-n", f"{name}@%h", "-l", "INFO"]
    # Both workers know the test's report builders, so a report that lands on the wrong
    # queue really renders there.
    command += ["--include", "tests.slow_reports", *options]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)


def _log(tmp_path: Path, name: str) -> str:
    return (tmp_path / f"{name}.log").read_text(errors="replace")


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _state(rapport: Rapport) -> str:
    return Rapport.objects.get(pk=rapport.pk).state


def _reminders_due_now(world, n: int) -> list[Paminnelse]:
    """n participants of a seminar in 8 days, their 7-day reminders falling due now."""
    seminar = world.own.seminar
    for i in range(n):
        services.deltaker_add(samling=seminar, navn=f"Deltaker {i}", epost=f"q{i}@example.com", rolle="annet")
    rows = list(Paminnelse.objects.filter(target=target_of(seminar), kind="samling_7d", recipient__startswith="q"))
    for row in rows:
        row.due_at = timezone.now()
        row.save(update_fields=["due_at"])
    return rows


def _status_text(rapport: Rapport, language: str) -> str:
    with translation.override(language):
        html = render_to_string(
            "core/_rapport_status.html", {"rapport": rapport}, request=RequestFactory().get("/rapport/")
        )
    return re.sub(r"\s+", " ", html)


def _purge(*queues: str) -> None:
    """Messages an earlier run left in the broker name rows of a database since emptied."""
    from config.celery import app

    with app.connection_for_write() as connection:
        for queue in queues:
            connection.default_channel.queue_purge(queue)


@pytest.fixture
def no_eager():
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.mark.worker
def test_reminders_go_out_on_time_while_an_oversized_report_renders(
    transactional_db, world, tmp_path, no_eager, monkeypatch
):
    from core.tasks import render_report, send_due_reminders

    # The limits travel in the message, from the process that asks for the report (Celery
    # caches them per task, hence the reset).
    monkeypatch.setattr(render_report, "soft_time_limit", int(LIMITS["REPORT_SOFT_TIME_LIMIT"]))
    monkeypatch.setattr(render_report, "time_limit", int(LIMITS["REPORT_TIME_LIMIT"]))
    monkeypatch.setattr(render_report, "_exec_options", None)

    _purge("celery", "rapporter")
    workers = {
        "paminnelser": _worker(tmp_path, "paminnelser", "--pool=solo", "-Q", "celery"),
        "rapporter": _worker(tmp_path, "rapporter", "--pool=prefork", "--concurrency=1", "-Q", "rapporter"),
    }
    logs = lambda: "\n".join(f"--- {n}\n{_log(tmp_path, n)[-3000:]}" for n in workers)  # noqa: E731
    try:
        assert _wait(lambda: all(" ready." in _log(tmp_path, n) for n in workers), 90), logs()

        # A report far longer than its limit, then reminders falling due while it renders.
        slow = rapport_request(kind="test_slow", object_id="60", language="nb", version="1")
        assert _wait(lambda: _state(slow) == "lages", 30), logs()
        rows = _reminders_due_now(world, 5)
        send_due_reminders.delay()  # the beat's tick
        sent = Paminnelse.objects.filter(pk__in=[r.pk for r in rows], state="sendt")
        assert _wait(lambda: sent.count() == 5, 5), logs()
        assert _state(slow) == "lages"  # the report was still rendering meanwhile
        for row in sent:
            assert row.sent_at - row.due_at < timedelta(seconds=5)
        assert len(list((tmp_path / "mail").iterdir())) >= 1

        # At its soft limit the report stops, and says why, in the reader's language.
        assert _wait(lambda: _state(slow) == "feilet", 20), logs()
        slow.refresh_from_db()
        assert slow.failure == "tid" and slow.pdf is None
        assert "Rapporten tok for lang tid å lage og ble stoppet." in _status_text(slow, "nb")
        assert "Rapporten tok for lang tid å lage og vart stoppa." in _status_text(slow, "nn")
        assert "Prøv igjen" in _status_text(slow, "nb")

        # Stuck where the soft limit cannot reach: the hard limit ends it, with the same message.
        stuck = rapport_request(kind="test_stuck", object_id="60", language="nb", version="1")
        # More memory than the ceiling allows, at once.
        greedy = rapport_request(kind="test_greedy", object_id="2048", language="nb", version="1")
        assert _wait(lambda: _state(stuck) == "feilet" and _state(greedy) == "feilet", 40), logs()
        stuck.refresh_from_db()
        greedy.refresh_from_db()
        assert stuck.failure == "tid", logs()
        assert greedy.failure == "minne", logs()
        assert "Rapporten ble for stor til å lages og ble stoppet." in _status_text(greedy, "nb")

        # The report worker lives on: the next report renders.
        quick = rapport_request(kind="test_slow", object_id="0", language="nb", version="1")
        assert _wait(lambda: _state(quick) == "klar", 20), logs()
    finally:
        for proc in workers.values():
            proc.terminate()
        for proc in workers.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_make_run_serves_both_queues_with_exactly_one_beat():
    """scripts/run.sh: the reminders' worker carries the one beat; reports have their own."""
    script = (Path(settings.BASE_DIR) / "scripts" / "run.sh").read_text()
    lines = script.replace("\\\n", " ").splitlines()
    workers = [shlex.split(line, comments=True) for line in lines if "celery" in line.lower()]
    workers = [w for w in workers if "worker" in w]
    queues = {w[w.index("-Q") + 1]: w for w in workers if "-Q" in w}
    assert set(queues) == {"celery", "rapporter"}, workers
    assert sum("-B" in w or "--beat" in w for w in workers) == 1
    assert "-B" in queues["celery"] and "-B" not in queues["rapporter"]
    assert "--pool=solo" not in queues["rapporter"]  # solo has no time limits
