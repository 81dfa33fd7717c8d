"""Django for the bench's own processes, with the same environment as the server."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vts_bench"


def bench_environ() -> dict[str, str]:
    """The scale database on PostgreSQL, Redis for cache and broker, production-like
    settings over plain HTTP (DEBUG off, second factor required)."""
    env = dict(os.environ)
    # Its own database, Redis database and folder, whatever DATABASE_URL says: the scale
    # data must never land in the database of `make run` or of a real deployment.
    env["DATABASE_URL"] = env.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    # Kept pages and generations live in Redis: another data set gets a Redis database of
    # its own unless one is named, or it would be served the national set's pages.
    other_data = env["DATABASE_URL"] != DEFAULT_DATABASE
    env["REDIS_URL"] = env.get("BENCH_REDIS_URL", f"redis://127.0.0.1:6379/{4 if other_data else 3}")
    env["VAR_DIR"] = str(ROOT / "var" / "bench")
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", REQUIRE_2FA="1", DEBUG="0")
    env.setdefault("LOG_LEVEL", "WARNING")
    return env


def setup() -> None:
    os.environ.update(bench_environ())
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
