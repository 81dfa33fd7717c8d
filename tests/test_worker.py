"""A real Celery worker, on the configured broker (Redis in CI), runs a job to the end."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import Heartbeat
from core.tasks import heartbeat


def database_url_for_tests() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, tmp_path):
    from config.celery import app

    app.conf.task_always_eager = False  # this test is about the real broker and worker
    env = {**os.environ, "DATABASE_URL": database_url_for_tests(), "VAR_DIR": str(settings.VAR_DIR)}
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    yield proc, log
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.worker
def test_worker_runs_the_periodic_job(worker):
    proc, log = worker
    heartbeat.delay(source="test-worker")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        if Heartbeat.objects.filter(source="test-worker").exists():
            break
        time.sleep(0.5)
    assert Heartbeat.objects.filter(source="test-worker").exists(), Path(log).read_text()[-3000:]
    expected = "redis://" if settings.REDIS_URL else "filesystem://"
    text = Path(log).read_text()
    assert expected in text
    assert "core.tasks.heartbeat" in text and "succeeded" in text  # run by the worker, not inline


def test_beat_schedules_the_heartbeat():
    assert settings.CELERY_BEAT_SCHEDULE["heartbeat"]["task"] == "core.tasks.heartbeat"
