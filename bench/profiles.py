"""Profile each key page in-process (issue 20: profiles first).

    .venv/bin/python bench/profiles.py [--requests 200] [--scale "--skoler 300 ..."] [--top 12]

Uses the bench's own database (BENCH_DATABASE_URL, built by seed_scale as `make bench` does),
the same logged-in sessions as the load run (bench/prepare.py), and Django's test client, so
what is measured is the request cycle without gunicorn and the network. For each page it
prints the CPU milliseconds per request, the queries per request, and the functions with
the most time of their own, grouped by where they live (our code, templates, database,
middleware and the rest of Django), which is what docs/performance.md summarises."""

import argparse
import cProfile
import pstats
import shlex
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import ensure_database, seed  # noqa: E402
from bench.setup_django import bench_environ, setup  # noqa: E402

# Where a request's time goes, by the cumulative time of the function that does each part.
PHASES = {
    "whole request": ("django/core/handlers/base.py", "get_response"),
    "view": ("django/core/handlers/base.py", "_get_response"),
    "templates": ("django/template/loader.py", "render_to_string"),
    "context processors": ("django/template/context.py", "bind_template"),
    "database (SQL)": ("django/db/models/sql/compiler.py", "execute_sql"),
    "session": ("django/contrib/sessions/backends/base.py", "_get_session"),
    "user": ("django/contrib/auth/middleware.py", "get_user"),
}


def profile_page(client, path: str, requests: int, top: int) -> dict:
    for _ in range(5):  # warm-up: templates compiled, caches filled
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    profiler = cProfile.Profile(time.process_time)
    started = time.process_time()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    cpu_ms = (time.process_time() - started) * 1000 / requests
    stats = pstats.Stats(profiler)
    functions = []
    phases = defaultdict(float)
    queries = 0
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        functions.append((tottime, f"{Path(filename).name}:{line}({name})"))
        for phase, (mark, function) in PHASES.items():
            if mark in filename and name == function:
                phases[phase] = max(phases[phase], cumtime)
        if filename.endswith("django/db/models/sql/compiler.py") and name == "execute_sql":
            queries += ncalls
    return {
        "cpu_ms": round(cpu_ms, 2),
        "queries": round(queries / requests, 1),
        "phases": {p: round(1000 * t / requests, 2) for p, t in phases.items()},
        "top": [(round(1000 * t / requests, 3), f) for t, f in sorted(functions, reverse=True)[:top]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--scale", default="", help="seed_scale options for a smaller data set")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    env = bench_environ()
    ensure_database(env)
    logins = seed(env, shlex.split(args.scale))
    setup()
    from django.conf import settings
    from django.test import Client

    from bench.prepare import prepare

    settings.ALLOWED_HOSTS = ["*"]
    plan = prepare(logins)
    wanted = {p for p in args.only.split(",") if p}
    for page, (persona, path) in plan["pages"].items():
        if page == "bare" or (wanted and page not in wanted):
            continue
        client = Client()
        for pair in plan["cookies"].get(persona, "").split("; ") if persona else ():  # a Cookie header
            name, _, value = pair.partition("=")
            client.cookies[name] = value
        figures = profile_page(client, path, args.requests, args.top)
        print(f"\n== {page} ({path}): {figures['cpu_ms']} ms CPU/request, {figures['queries']} queries")
        print("   ms per request in: " + ", ".join(f"{p} {ms}" for p, ms in figures["phases"].items()))
        for ms, function in figures["top"]:
            print(f"   {ms:7.3f} ms  {function}")


if __name__ == "__main__":
    main()
