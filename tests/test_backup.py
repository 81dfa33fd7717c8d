"""scripts/backup and scripts/restore: dump the test database, restore it into a new one,
and compare the row counts of every table."""

import os
import sqlite3
import subprocess
import uuid

import pytest
from django.conf import settings
from django.db import connection

from tests.test_worker import database_url_for_tests


def _counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return {t: cursor.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _counts_sqlite(path: str) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _counts_postgres(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as db:
        tables = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_keep_every_row(world, tmp_path):
    source_url = database_url_for_tests()
    env = {**os.environ, "DATABASE_URL": source_url, "VAR_DIR": str(tmp_path / "var")}
    run = lambda *args: subprocess.run(args, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)  # noqa: E731
    run("scripts/backup", str(tmp_path / "backup"))
    before = _counts_here()
    assert before["kommuner_kommune"] >= 2 and before["core_auditentry"] > 10

    if connection.vendor == "postgresql":
        import psycopg

        name = f"restore_{uuid.uuid4().hex[:8]}"
        admin_url = source_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        target = source_url.rsplit("/", 1)[0] + f"/{name}"
        try:
            run("scripts/restore", str(tmp_path / "backup"), target)
            after = _counts_postgres(target)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        target_path = tmp_path / "restored.sqlite3"
        run("scripts/restore", str(tmp_path / "backup"), f"sqlite:///{target_path}")
        after = _counts_sqlite(str(target_path))
    assert after == before
