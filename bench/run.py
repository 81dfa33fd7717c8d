"""The performance figures of issue 10 in one command (`make bench`), printed as a table
and written to var/bench/results.json. See docs/performance.md.

Builds the scale data on PostgreSQL (once; later runs reuse it), starts gunicorn, and
measures: the key pages and a bare view under wrk, the 300-client seminar burst, the risk
report PDF at about 2, 10 and 50 pages, and 10,000 due reminders through an SMTP sink."""

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import ExitStack
from functools import partial
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup_django import ROOT, bench_environ

PY = sys.executable
HOST, PORT = "127.0.0.1", 8099
WRK_DIR = ROOT / "bench" / "wrk"
OUT = ROOT / "var" / "bench"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def manage(*args: str, env: dict) -> str:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def ensure_database(env: dict) -> None:
    url = urllib.parse.urlparse(env["DATABASE_URL"])
    if not url.scheme.startswith("postgres"):
        return
    import psycopg

    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(env: dict, scale_args: list[str]) -> dict[str, str]:
    """Migrate and build (or finish) the scale data; the bench logins by persona."""
    manage("migrate", "--noinput", env=env)
    log("seed_scale (the first time takes about 15 minutes; later runs reuse the data)")
    started = time.monotonic()
    proc = subprocess.Popen(
        [PY, "manage.py", "seed_scale", *scale_args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    logins = {}
    for line in proc.stdout:
        if line.startswith("scale-login "):
            _, persona, email, _password = line.split()
            logins[persona] = email
    if proc.wait():
        sys.exit("seed_scale failed")
    log(f"seed_scale done in {time.monotonic() - started:.0f} s")
    return logins


def counts() -> dict[str, int]:
    from django.apps import apps

    names = [
        "kommuner.Kommune", "kommuner.Skole", "risikovurdering.Risikoforhold", "handlingsplan.Tiltak",
        "veiledning.Veiledning", "veiledning.Samling", "evaluering.Evaluering", "evaluering.Besvarelse",
        "core.Paminnelse", "core.AuditEntry",
    ]  # fmt: skip
    return {name.split(".")[1]: apps.get_model(name).objects.count() for name in names}


class Server:
    """gunicorn with the app's WSGI entry, the bench settings (which add the bare view)."""

    def __init__(self, env: dict, workers: int, threads: int):
        self.env, self.workers, self.threads = env, workers, threads

    def __enter__(self):
        command = [
            PY, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{HOST}:{PORT}",
            "--workers", str(self.workers), "--threads", str(self.threads),
            "--error-logfile", str(OUT / "gunicorn.log"), "--timeout", "120",
        ]  # fmt: skip
        self.proc = subprocess.Popen(command, cwd=ROOT, env=self.env)
        for _ in range(100):
            try:
                if get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.proc.terminate()
        sys.exit("gunicorn did not answer /healthz; see var/bench/gunicorn.log")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            text = fh.read()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after it.
    return [text[text.index("(") + 1 : text.rindex(")")], *text[text.rindex(")") + 2 :].split()]


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time used so far by the gunicorn workers and by PostgreSQL's processes: the
    cost of a request, less sensitive than wall time to what else the machine is doing."""
    app = db = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        stat = _stat(pid)
        if stat is None:
            continue
        # utime + stime, plus cutime + cstime: what exited children (a finished database
        # backend, a restarted worker) used is added to their parent when it is reaped.
        used = sum(int(field) for field in stat[12:16]) / TICK
        if pid == str(server_pid) or stat[2] == str(server_pid):
            app += used
        elif stat[0] == "postgres" or stat[0].startswith("postgres:"):
            db += used
    return {"app": app, "db": db}


def get(path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    conn = HTTPConnection(HOST, PORT, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    headers = dict(response.getheaders())
    headers["Set-Cookie"] = "; ".join(v for k, v in response.getheaders() if k.lower() == "set-cookie")
    return response.status, headers, body


def wrk(url_path: str, *, script: str, duration: int, connections: int, extra_env: dict, threads: int = 2) -> dict:
    env = {**os.environ, "BENCH_LUA_DIR": str(WRK_DIR), **extra_env}
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(WRK_DIR / script),
        f"http://{HOST}:{PORT}{url_path}",
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    data = json.loads(line)
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def csrf_for(path: str) -> tuple[str, str]:
    """A CSRF cookie and the form's matching token, as a phone gets them."""
    cookie, token, _device = phone_cookies(path)
    return cookie, token


def phone_cookies(path: str) -> tuple[str, str, str]:
    """What a phone gets from opening the form: the CSRF cookie, the form's token, and its
    signed device cookie ("vts_svar=…"), without which an answer is refused."""
    status, headers, body = get(path)
    assert status == 200, (path, status)
    cookies = headers.get("Set-Cookie", "")
    cookie = re.search(r"csrftoken=([^;]+)", cookies).group(1)
    device = re.search(r"(vts_svar=[^;]+)", cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token, device.group(1) if device else ""


def answers(likert: list[str], rng: random.Random, token: str) -> str:
    fields = {key: str(rng.randint(1, 5)) for key in likert}
    fields.update(rolle="verneombud", forst="Gå gjennom avviksrutinen med HMS-gruppen.", csrfmiddlewaretoken=token)
    return urllib.parse.urlencode(fields)


def measured(server_pid: int, run) -> dict:
    """wrk's figures plus the server's and the database's CPU milliseconds per request."""
    before = cpu_seconds(server_pid)
    data = run()
    after = cpu_seconds(server_pid)
    for part in ("app", "db"):
        data[f"cpu_{part}_ms"] = 1000 * (after[part] - before[part]) / max(data["requests"], 1)
    return data


def load_run(plan: dict, args, server_pid: int) -> dict[str, dict]:
    """Each key page, then the evaluation POST; a short warm-up before each is discarded."""
    results = {}
    for name, (persona, path) in plan["pages"].items():
        cookie = plan["cookies"].get(persona, "")
        status = get(path, cookie)[0]
        if status != 200:
            sys.exit(f"{name}: {path} answered {status}, not 200")
        wrk(path, script="get.lua", duration=2, connections=args.connections, extra_env={"BENCH_COOKIE": cookie})
        run = partial(wrk, path, script="get.lua", duration=args.duration, connections=args.connections,
                      extra_env={"BENCH_COOKIE": cookie})  # fmt: skip
        results[name] = measured(server_pid, run)
        log(f"{name}: {results[name]['rps']:.0f} req/s, p95 {results[name]['p95_us'] / 1000:.0f} ms")
    path = plan["evaluering_post"]
    cookie, token = csrf_for(path)
    body = answers(plan["likert"], random.Random(1), token)
    post_env = {
        "BENCH_CSRF_COOKIE": cookie,
        "BENCH_BODY": body,
        "BENCH_DEVICE_COOKIES": " ".join(plan["evaluering_devices"]),
    }
    run = partial(
        wrk, path, script="post.lua", duration=args.duration, connections=args.connections, extra_env=post_env
    )
    results["evaluering_post"] = measured(server_pid, run)
    log(f"evaluering_post: {results['evaluering_post']['rps']:.0f} req/s")
    return results


def our_side(plan: dict, args, server_pid: int) -> dict[str, dict]:
    """Our pages of the OiRA table with OiRA's settings (wrk -t1, 4 connections, 10 s)."""
    from bench.peer import OUR_PAGES

    results = {}
    for name in OUR_PAGES:
        if name == "evaluering_post":
            path = plan["evaluering_post"]
            cookie, token = csrf_for(path)
            post_env = {"BENCH_CSRF_COOKIE": cookie, "BENCH_BODY": answers(plan["likert"], random.Random(1), token),
                        "BENCH_DEVICE_COOKIES": " ".join(plan["evaluering_devices"])}  # fmt: skip
            run = partial(wrk, path, script="post.lua", connections=args.peer_connections, threads=1,
                          extra_env=post_env)  # fmt: skip
        else:
            persona, path = plan["pages"][name]
            cookie = plan["cookies"].get(persona, "")
            if get(path, cookie)[0] != 200:
                sys.exit(f"{name}: {path} did not answer 200")
            run = partial(wrk, path, script="get.lua", connections=args.peer_connections, threads=1,
                          extra_env={"BENCH_COOKIE": cookie})  # fmt: skip
        run(duration=2)  # warm-up, discarded
        results[name] = measured(server_pid, partial(run, duration=args.peer_duration))
        log(f"peer table, ours: {name} {results[name]['rps']:.0f} req/s")
    return results


def peer_run(plan: dict, args, server_pid: int, peer: tuple[str, Path, str]) -> dict:
    """Ours, then OiRA right after, with the same wrk settings; the raw figures of both."""
    from bench import peer as oira

    ours = our_side(plan, args, server_pid)
    base_url, cookies, session = peer
    log(f"peer table, OiRA: bench.sh {base_url} (session {session})")
    output, theirs = oira.run_bench_sh(
        base_url, cookies, session, duration=args.peer_duration, connections=args.peer_connections
    )
    return {
        "connections": args.peer_connections,
        "duration": args.peer_duration,
        "ours": ours,
        "oira": theirs,
        "oira_output": output,
        "oira_base_url": base_url,
        "comparison": oira.comparison({k: oira.ours_row(v) for k, v in ours.items()}, theirs),
    }


def peer_part(plan: dict, args, env: dict) -> dict:
    """OiRA started first (with --peer; installed the first time) and stopped after, our
    server for the length of the comparison."""
    with ExitStack() as stack:
        if args.peer:
            from bench.peer import started_peer

            peer = stack.enter_context(started_peer())
        else:
            peer = (args.peer_url.rstrip("/"), args.peer_cookies, args.peer_session)
        with Server(env, args.workers, args.threads) as server:
            return peer_run(plan, args, server.proc.pid, peer)


def peer_lines(figures: dict) -> list[str]:
    from bench import peer as oira

    ours = {k: oira.ours_row(v) for k, v in figures["ours"].items()}
    return oira.table_lines(ours, figures["oira"], connections=figures["connections"], duration=figures["duration"])


def burst(plan: dict, clients: int, window: float) -> dict:
    """`clients` phones, each arriving at a random moment within `window` seconds: open
    the form (its own connection and cookies), answer, submit, land on the thanks page."""
    rng = random.Random(300)
    path, likert = plan["burst"], plan["likert"]
    timings, errors = [], []
    lock = threading.Lock()
    start = time.monotonic() + 0.5

    def phone(n: int, at: float) -> None:
        time.sleep(max(0.0, start + at - time.monotonic()))
        began = time.perf_counter()
        try:
            cookie, token, device = phone_cookies(path)
            conn = HTTPConnection(HOST, PORT, timeout=30)
            headers = {"Cookie": f"csrftoken={cookie}; {device}", "Content-Type": "application/x-www-form-urlencoded"}
            conn.request("POST", path, body=answers(likert, random.Random(n), token), headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            ok = response.status == 302 and response.getheader("Location", "").endswith("/takk/")
            with lock:
                (timings if ok else errors).append(time.perf_counter() - began if ok else response.status)
        except Exception as error:
            with lock:
                errors.append(repr(error))

    threads = [threading.Thread(target=phone, args=(n, rng.uniform(0, window))) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.sort()
    return {
        "clients": clients,
        "window_s": window,
        "ok": len(timings),
        "errors": len(errors),
        "error_samples": [str(e) for e in errors[:5]],
        "p50_ms": 1000 * statistics.median(timings) if timings else None,
        "p95_ms": 1000 * timings[int(0.95 * (len(timings) - 1))] if timings else None,
        "max_ms": 1000 * timings[-1] if timings else None,
    }


def pdf_figures(plan: dict, env: dict) -> dict[str, dict]:
    cookie = plan["cookies"][plan["pdf_user"]]
    results = {}
    for target, pk in plan["pdf"].items():
        proc = subprocess.run([PY, "bench/pdf.py", str(pk)], cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"bench/pdf.py failed:\n{proc.stderr}")
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        downloads = []
        for _ in range(20):
            began = time.perf_counter()
            status, headers, body = get(f"/risikovurderinger/{pk}/rapport/?last_ned=1", cookie)
            downloads.append(time.perf_counter() - began)
            if status != 200 or headers.get("X-Rapport") != "cache" or not body.startswith(b"%PDF"):
                sys.exit(f"cached download of report {pk} failed: {status}")
        data["download_ms_median"] = 1000 * statistics.median(downloads)
        data["download_ms_max"] = 1000 * max(downloads)
        results[target] = data
        log(f"PDF ~{target} pages: {data['pages']} pages in {data['seconds']:.2f} s")
    return results


def reminder_figures(env: dict, count: int) -> dict:
    proc = subprocess.run([PY, "bench/reminders.py", str(count)], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"bench/reminders.py failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**20, 1), "python": platform.python_version(),
        "os": platform.platform(), "postgresql": pg, "wrk": wrk_version,
    }  # fmt: skip


def _load_lines(results: dict) -> list[str]:
    load = results["load"]
    bare = load["bare"]["rps"]
    lines = [
        f"Load run: wrk -t2 -c{results['connections']}, {results['duration']} s per page",
        f"{'page':<17}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'÷ bare':>9}"
        f"{'app cpu ms':>12}{'db cpu ms':>11}",
    ]
    for name, r in load.items():
        lines.append(
            f"{name:<17}{r['rps']:>9.0f}{r['p50_us'] / 1000:>9.1f}{r['p95_us'] / 1000:>9.1f}"
            f"{r['p99_us'] / 1000:>9.1f}{r['errors']:>8}{r['rps'] / bare:>9.2f}"
            f"{r.get('cpu_app_ms', 0):>12.2f}{r.get('cpu_db_ms', 0):>11.2f}"
        )
    return lines


def _burst_lines(b: dict) -> list[str]:
    return [
        f"Seminar burst: {b['clients']} phones within {b['window_s']:.0f} s (open form, submit)",
        f"  ok {b['ok']}, errors {b['errors']}, p50 {b['p50_ms']:.0f} ms, p95 {b['p95_ms']:.0f} ms, "
        f"max {b['max_ms']:.0f} ms",
    ]


def _pdf_lines(pdf: dict) -> list[str]:
    lines = [
        "Risk report PDF (WeasyPrint, one fresh process each)",
        f"{'target':<8}{'pages':>6}{'seconds':>9}{'s/page':>8}{'peak MB':>9}{'MB/page':>9}{'cached ms':>11}",
    ]
    for target, r in pdf.items():
        per_page = r["seconds"] / r["pages"]
        growth = r["peak_growth_mb"] / r["pages"]
        lines.append(
            f"~{target:<7}{r['pages']:>6}{r['seconds']:>9.2f}{per_page:>8.3f}"
            f"{r['peak_rss_mb']:>9.0f}{growth:>9.1f}{r['download_ms_median']:>11.1f}"
        )
    return lines


def _reminder_lines(rem: dict) -> list[str]:
    return [
        f"Reminders: {rem['rows']} due rows dispatched through a local SMTP sink",
        f"  {rem['seconds']:.1f} s, {rem['rows'] / rem['seconds']:.0f} rows/s; "
        f"sent {rem['sent']}, received by the sink {rem['received']}",
    ]


def _innsikt_lines(i: dict) -> list[str]:
    return [
        f"National picture: summary tables rebuilt in {i['refresh_s']:.1f} s ({i['schools']} schools in programmes)",
        f"  body rendered anew: {i['cold_ms']['alle']:.0f} ms, filtered {i['cold_ms']['filtrert']:.0f} ms"
        " (median of 5)",
    ]


def table(results: dict) -> str:
    sections = []
    if "innsikt" in results:
        sections.append(_innsikt_lines(results["innsikt"]))
    if "load" in results:
        sections.append(_load_lines(results))
    if "burst" in results:
        sections.append(_burst_lines(results["burst"]))
    if "pdf" in results:
        sections.append(_pdf_lines(results["pdf"]))
    if "reminders" in results:
        sections.append(_reminder_lines(results["reminders"]))
    if "peer" in results:
        sections.append(peer_lines(results["peer"]))
    return "\n\n".join("\n".join(lines) for lines in sections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per page in the load run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (one per core did best)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (more: gthread)")
    parser.add_argument("--burst", type=int, default=300, help="phones in the seminar burst")
    parser.add_argument("--burst-window", type=float, default=10.0, help="seconds they arrive within")
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--only", default="load,burst,pdf,reminders", help="comma-separated parts to run")
    parser.add_argument("--scale", default="", help="extra seed_scale arguments, e.g. '--skoler 300'")
    peer = parser.add_argument_group("against OiRA (issue 20; docs/performance.md, 'Against OiRA')")
    peer.add_argument("--peer", action="store_true",
                      help="install and start OiRA through ../shared/peers/oira/setup.sh --start var/oira "
                           "(OIRA_DB_URL, default its own database oira_peer), time it, stop it after")  # fmt: skip
    peer.add_argument("--peer-url", help="a running OiRA's base URL (Zope root), e.g. http://127.0.0.1:8081")
    peer.add_argument("--peer-cookies", type=Path, help="with --peer-url: the client's cookie jar or __ac value")
    peer.add_argument("--peer-session", default=os.environ.get("OIRA_SESSION", "1"),
                      help="with --peer-url: the survey session id setup.sh printed (OIRA_SESSION, 1)")  # fmt: skip
    peer.add_argument("--peer-duration", type=int, default=10, help="seconds per page on both sides")
    peer.add_argument("--peer-connections", type=int, default=4, help="wrk -c on both sides (-t1)")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if args.peer and args.peer_url:
        sys.exit("--peer starts OiRA itself; give either --peer or --peer-url with --peer-cookies")
    if args.peer_url and not args.peer_cookies:
        sys.exit("--peer-url needs --peer-cookies (the cookie jar setup.sh --start writes)")
    if args.peer or args.peer_url:
        parts.add("peer")
    elif "peer" in parts:
        sys.exit("the peer part needs --peer or --peer-url URL --peer-cookies FILE")
    if {"load", "burst", "pdf", "peer"} & parts and not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    OUT.mkdir(parents=True, exist_ok=True)
    env = bench_environ()
    os.environ.update(env)
    ensure_database(env)
    logins = seed(env, args.scale.split())

    import django

    django.setup()
    from django.db import connections

    from bench.prepare import prepare

    plan = prepare(logins)
    results = {"machine": machine(), "data": counts(), "connections": args.connections, "duration": args.duration,
               "innsikt": plan["innsikt"]}  # fmt: skip
    connections.close_all()

    def save(part: str, figures) -> None:
        results[part] = figures  # written as each part ends: a later failure loses nothing
        (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))

    if "peer" in parts:
        save("peer", peer_part(plan, args, env))
        (OUT / "peer.json").write_text(
            json.dumps({"machine": results["machine"], "data": results["data"], **results["peer"]},
                       indent=2, ensure_ascii=False)
        )  # fmt: skip
    if {"load", "burst", "pdf"} & parts:
        with Server(env, args.workers, args.threads) as server:
            if "load" in parts:
                save("load", load_run(plan, args, server.proc.pid))
            if "burst" in parts:
                save("burst", burst(plan, args.burst, args.burst_window))
            if "pdf" in parts:
                save("pdf", pdf_figures(plan, env))
    if "reminders" in parts:
        save("reminders", reminder_figures(env, args.reminders))

    print(json.dumps(results["machine"], ensure_ascii=False))
    print(json.dumps(results["data"]))
    print(table(results))


if __name__ == "__main__":
    main()
