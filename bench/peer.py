"""This app against OiRA (EU-OSHA's online risk assessment, Euphorie on Plone), timed in one
run, one right after the other, with the same `wrk -t1 -c4 -d10s` (issue 20; see
docs/performance.md, "Against OiRA").

OiRA is installed, started, logged in to and timed by the shared scripts in
../shared/peers/oira/ (setup.sh, bench.sh); this module starts and stops them, reads what
they print, and puts the figures beside ours. The parsing is kept in small pure functions
(tested in tests/test_bench.py with sample output)."""

import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_SCRIPTS = ROOT.parent / "shared" / "peers" / "oira"
PEER_DIR = ROOT / "var" / "oira"
PEER_DB_URL = "postgresql://postgres@127.0.0.1:5432/oira_peer"
PEER_BASE_URL = "http://127.0.0.1:8081"

# The table's rows: (label, our page in bench/prepare.py, OiRA's row in bench.sh).
# OiRA's key is the first word of bench.sh's label. The floor has no OiRA row: its ratio
# is to our own bare view.
# Kommunens oversikt, the evaluation form and its answer are key pages without an OiRA page
# of their own: each stands beside the nearest (the session's status overview; a page of
# questions; the page a risk is answered on, since bench.sh saves no answer).
PAIRS = [
    ("risk assessment (20 rows) / OiRA risk identification (one risk)", "risikovurdering", "risk-identification"),
    ("action plan (10 measures) / OiRA risk action plan (one risk)", "handlingsplan", "risk-actionplan"),
    ("veileder's dashboard / OiRA client dashboard", "dashboard", "client-dashboard"),
    ("Kommunens oversikt (180 schools) / OiRA status (one session)", "oversikt", "status"),
    ("evaluation form (GET) / OiRA module identification", "evaluering_get", "module-identification"),
    ("evaluation answer (POST) / OiRA risk identification (GET)", "evaluering_post", "risk-identification"),
    ("logged-in page that does nothing (floor)", "floor_logged_in", None),
    ("bare view / bare Zope", "bare", "zope-root"),
]
OUR_PAGES = [ours for _, ours, _ in PAIRS]

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def duration_ms(text: str) -> float | None:
    """wrk's latency figure ("237.12ms", "1.02s", "850.00us", "1.50m") in milliseconds."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*(us|ms|s|m|h)\s*", text or "")
    return float(match.group(1)) * _UNITS_MS[match.group(2)] if match else None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def parse_bench_sh(output: str) -> dict[str, dict]:
    """bench.sh's rows ("label | 200 1234 | rps=15.90 | avg=.. | p50=237.12ms | p99=..
    | n=160 | non2xx=0"), keyed by the label's first word ("risk-identification")."""
    rows = {}
    for line in output.splitlines():
        if line.startswith("#") or "| rps=" not in line:
            continue
        cells = [cell.strip() for cell in line.split("|")]
        label = cells[0]
        row = {"label": label, "status": None, "bytes": None}
        for cell in cells[1:]:
            key, sep, value = cell.partition("=")
            if not sep:  # "200 1234": the check request's status and size
                parts = cell.split()
                if len(parts) == 2 and all(p.isdigit() for p in parts):
                    row["status"], row["bytes"] = int(parts[0]), int(parts[1])
                continue
            row[key] = value
        rows[label.split()[0]] = {
            "label": label,
            "status": row["status"],
            "bytes": row["bytes"],
            "rps": _number(row.get("rps")),
            "avg_ms": duration_ms(row.get("avg", "")),
            "p50_ms": duration_ms(row.get("p50", "")),
            "p99_ms": duration_ms(row.get("p99", "")),
            "requests": int(_number(row.get("n")) or 0),
            "non2xx": int(_number(row.get("non2xx")) or 0),
        }
    return rows


def parse_session_id(setup_output: str) -> str | None:
    """The survey session id setup.sh prints ("Benchmark: OIRA_SESSION=3 .../bench.sh ...")."""
    found = re.findall(r"OIRA_SESSION=(\d+)", setup_output)
    return found[-1] if found else None


def ours_row(wrk_json: dict) -> dict:
    """Our figures (bench/wrk/report.lua's JSON, with rps added) in the peer table's units."""
    return {
        "rps": wrk_json["rps"],
        "p50_ms": wrk_json["p50_us"] / 1000,
        "p95_ms": wrk_json["p95_us"] / 1000,
        "p99_ms": wrk_json["p99_us"] / 1000,
        "requests": wrk_json["requests"],
        "errors": wrk_json["errors"],
        "cpu_app_ms": wrk_json.get("cpu_app_ms"),
        "cpu_db_ms": wrk_json.get("cpu_db_ms"),
    }


def _cell(row: dict | None) -> str:
    if not row or row.get("rps") is None:
        return "–"
    p50 = row.get("p50_ms")
    return f"{row['rps']:,.1f} ({p50:,.0f} ms)" if p50 is not None else f"{row['rps']:,.1f}"


def comparison(ours: dict[str, dict], oira: dict[str, dict]) -> list[dict]:
    """One entry per row of PAIRS: both sides and the ratio (ours ÷ OiRA, or for the floor
    ours ÷ our bare view)."""
    rows = []
    for label, our_key, oira_key in PAIRS:
        mine = ours.get(our_key)
        theirs = oira.get(oira_key) if oira_key else None
        ratio, of = None, None
        if oira_key is None:
            bare = ours.get("bare")
            if mine and bare and bare.get("rps"):
                ratio, of = mine["rps"] / bare["rps"], "bare"
        elif mine and theirs and theirs.get("rps"):
            ratio, of = mine["rps"] / theirs["rps"], "oira"
        rows.append({"page": label, "ours": our_key, "oira": oira_key, "ratio": ratio, "ratio_of": of})
    return rows


def table_lines(ours: dict[str, dict], oira: dict[str, dict], *, connections: int, duration: int) -> list[str]:
    """The side-by-side table of issue 20, in Markdown."""
    lines = [
        f"Against OiRA: wrk -t1 -c{connections}, {duration} s per page, this app then OiRA",
        "",
        "| page | this app req/s (p50) | OiRA req/s (p50) | ratio |",
        "|---|---|---|---|",
    ]
    for row in comparison(ours, oira):
        mine = ours.get(row["ours"])
        theirs = oira.get(row["oira"]) if row["oira"] else None
        if row["ratio"] is None:
            ratio = ""
        elif row["ratio_of"] == "bare":
            ratio = f"{row['ratio']:.2f} of bare"
        else:
            ratio = f"{row['ratio']:.1f}×"
        lines.append(f"| {row['page']} | {_cell(mine)} | {_cell(theirs) if row['oira'] else ''} | {ratio} |")
    return lines


# --- the shared scripts ------------------------------------------------------------------


def _log(message: str) -> None:
    print(f"[peer] {message}", file=sys.stderr, flush=True)


def _script(name: str) -> Path:
    path = PEER_SCRIPTS / name
    if not path.exists():
        sys.exit(f"{path} is missing: the OiRA peer scripts live in ../shared/peers/oira/")
    return path


@contextmanager
def started_peer(folder: Path = PEER_DIR, db_url: str | None = None):
    """OiRA installed (the first time: a few minutes) and started through setup.sh --start,
    stopped again afterwards. Yields (base URL, cookie file, survey session id)."""
    env = {**os.environ, "OIRA_DB_URL": db_url or os.environ.get("OIRA_DB_URL", PEER_DB_URL)}
    folder.mkdir(parents=True, exist_ok=True)
    _log(f"setup.sh --start {folder} (the first time installs OiRA: a few minutes)")
    result = subprocess.run([str(_script("setup.sh")), "--start", str(folder)], env=env, capture_output=True, text=True)
    (folder / "bench-setup.log").write_text(result.stdout + result.stderr)
    try:
        if result.returncode:
            sys.exit(f"OiRA setup.sh --start failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        session = parse_session_id(result.stdout) or "1"
        host = os.environ.get("OIRA_HOST", "127.0.0.1")
        port = os.environ.get("OIRA_PORT", "8081")
        yield f"http://{host}:{port}", folder / "cookies.txt", session
    finally:
        subprocess.run([str(_script("setup.sh")), "--stop", str(folder)], env=env, capture_output=True)
        _log("OiRA stopped")


def run_bench_sh(base_url: str, cookies: Path, session: str, *, duration: int, connections: int) -> tuple[str, dict]:
    """bench.sh's output and its rows parsed."""
    env = {
        **os.environ,
        "OIRA_SESSION": str(session),
        "BENCH_DURATION": f"{duration}s",
        "BENCH_CONNECTIONS": str(connections),
    }
    result = subprocess.run([str(_script("bench.sh")), base_url, str(cookies)], env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"OiRA bench.sh failed:\n{result.stdout}\n{result.stderr}")
    rows = parse_bench_sh(result.stdout)
    for key in ("zope-root", "client-dashboard", "risk-identification", "risk-actionplan"):
        row = rows.get(key)
        if not row or row["status"] != 200 or row["rps"] is None:
            sys.exit(f"OiRA's {key} did not answer 200 (is the cookie still logged in?):\n{result.stdout}")
        if row["non2xx"]:  # a redirect to the login page is cheap: it would flatter OiRA
            _log(f"warning: OiRA's {key} answered {row['non2xx']} of {row['requests']} requests with non-2xx")
    return result.stdout, rows
