"""Django for the bench's own processes, with the same environment as the server."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_environ() -> dict[str, str]:
    """The scale database on PostgreSQL, Redis for cache and broker, production-like
    settings over plain HTTP (DEBUG off, second factor required)."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vts_bench")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    env.setdefault("VAR_DIR", str(ROOT / "var" / "bench"))
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", REQUIRE_2FA="1", DEBUG="0")
    env.setdefault("LOG_LEVEL", "WARNING")
    return env


def setup() -> None:
    os.environ.update(bench_environ())
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
