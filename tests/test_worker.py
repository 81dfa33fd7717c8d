"""A real Celery worker, on the configured broker (Redis in CI), runs a job to the end."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import Heartbeat
from core.observability import REQUEST_ID
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
    env = {
        **os.environ, "DATABASE_URL": database_url_for_tests(), "VAR_DIR": str(settings.VAR_DIR), "LOG_FORMAT": "json",
    }  # fmt: skip
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


@pytest.mark.worker
def test_the_request_id_travels_into_the_task_and_its_json_log(worker):
    """A job started while a request is answered logs, in the worker, with that request's id."""
    proc, log = worker
    token = REQUEST_ID.set("anmodning-4711")
    try:
        heartbeat.delay(source="test-request-id")
    finally:
        REQUEST_ID.reset(token)
    deadline = time.monotonic() + 90
    lines = []
    while time.monotonic() < deadline and proc.poll() is None:
        lines = [line for line in Path(log).read_text().splitlines() if "heartbeat from test-request-id" in line]
        if lines:
            break
        time.sleep(0.5)
    assert lines, Path(log).read_text()[-3000:]
    entry = json.loads(lines[0])
    assert entry["request_id"] == "anmodning-4711" and entry["task_name"] == "core.tasks.heartbeat"
    assert entry["level"] == "info" and entry["task_id"]
