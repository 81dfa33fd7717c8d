"""The benchmark harness measures what it claims: its sessions are real logged-in
sessions (second factor included), its SMTP sink counts what arrives, and its table
shows the ratio to the bare view. The figures themselves live in docs/performance.md;
no test asserts on time."""

import smtplib
from email.message import EmailMessage

from django.test import Client
from django.urls import reverse

from bench.prepare import session_cookie
from bench.run import table
from bench.smtp_sink import running_sink


def _client_with(cookie: str) -> Client:
    client = Client()
    for part in cookie.split("; "):
        name, value = part.split("=", 1)
        client.cookies[name] = value
    return client


def test_bench_sessions_are_logged_in_past_the_second_factor(world, settings):
    settings.REQUIRE_2FA = True
    veileder = _client_with(session_cookie(world.veileder.email))
    assert veileder.get(reverse("veiledning:dashboard")).status_code == 200
    hms = _client_with(session_cookie(world.own.users["hms"].email))
    assert hms.get(reverse("risikovurdering:detail", args=[world.own.vurdering.pk])).status_code == 200
    assert Client().get(reverse("veiledning:dashboard")).status_code == 302  # without it: to login


def test_the_smtp_sink_counts_what_arrives():
    with running_sink() as (port, received):
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for n in range(3):
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = "a@example.com", f"b{n}@example.com", "Hei"
                message.set_content("Test")
                smtp.send_message(message)
        assert received() == 3


def test_the_table_shows_each_page_against_the_bare_view():
    row = {"requests": 0, "duration_us": 0, "errors": 0, "p50_us": 2000, "p95_us": 3000, "p99_us": 4000}
    results = {
        "connections": 16,
        "duration": 20,
        "load": {"bare": {**row, "rps": 4000.0}, "oversikt": {**row, "rps": 400.0, "errors": 2}},
    }
    lines = table(results).splitlines()
    oversikt = next(line for line in lines if line.startswith("oversikt"))
    assert oversikt.split() == ["oversikt", "400", "2.0", "3.0", "4.0", "2", "0.10", "0.00", "0.00"]


# --- against OiRA (issue 20): the parsing of bench.sh's output and the ratio table -------

BENCH_SH_SAMPLE = """\
# base http://127.0.0.1:8081, session 3, wrk -t1 -c4 -d10s
zope-root (anon, Zope /) | 200 3021 | rps=786.12 | avg=5.10ms | p50=4.98ms | p99=12.30ms | n=7870 | non2xx=0
client-dashboard (logged in) | 200 20511 | rps=47.60 | avg=83.00ms | p50=81.20ms | p99=150.00ms | n=477 | non2xx=0
risk-identification 1/1 (logged in) | 200 40110 | rps=15.90 | avg=250.00ms | p50=237.40ms | p99=1.02s | n=160 | non2xx=0
risk-actionplan 1/1 (logged in) | 200 39000 | rps=14.00 | avg=280.00ms | p50=272.00ms | p99=400.00ms | n=141 | non2xx=3
status (logged in) | 500 120 | rps= | avg= | p50= | p99= | n= | non2xx=0
"""


def test_wrk_durations_are_read_in_milliseconds():
    from bench.peer import duration_ms

    assert duration_ms("237.12ms") == 237.12
    assert duration_ms("1.02s") == 1020.0
    assert duration_ms("850.00us") == 0.85
    assert duration_ms("1.50m") == 90_000.0
    assert duration_ms("") is None
    assert duration_ms("n/a") is None


def test_bench_sh_rows_are_parsed_by_their_first_word():
    from bench.peer import parse_bench_sh

    rows = parse_bench_sh(BENCH_SH_SAMPLE)
    assert set(rows) == {"zope-root", "client-dashboard", "risk-identification", "risk-actionplan", "status"}
    risk = rows["risk-identification"]
    assert (risk["status"], risk["bytes"], risk["rps"]) == (200, 40110, 15.9)
    assert (risk["p50_ms"], risk["p99_ms"], risk["requests"]) == (237.4, 1020.0, 160)
    assert rows["risk-actionplan"]["non2xx"] == 3
    # A row wrk could not time (empty figures) is kept, without figures.
    assert rows["status"]["status"] == 500 and rows["status"]["rps"] is None and rows["status"]["p50_ms"] is None


def test_the_session_id_comes_from_what_setup_sh_prints():
    from bench.peer import parse_session_id

    printed = (
        "[oira 01:00:00] setup complete in 3 s\nBenchmark:       OIRA_SESSION=7 /x/bench.sh http://h:8081 /x/c.txt\n"
    )
    assert parse_session_id(printed) == "7"
    assert parse_session_id("nothing here") is None


def test_the_peer_table_pairs_our_pages_with_oira_and_gives_the_ratios():
    from bench.peer import comparison, ours_row, parse_bench_sh, table_lines

    def wrk_json(rps, p50_ms):
        return {"rps": rps, "requests": int(rps * 10), "errors": 0, "duration_us": 10_000_000,
                "p50_us": p50_ms * 1000, "p95_us": p50_ms * 2000, "p99_us": p50_ms * 3000}  # fmt: skip

    ours = {
        name: ours_row(wrk_json(rps, p50))
        for name, rps, p50 in [("risikovurdering", 159.0, 24), ("handlingsplan", 70.0, 55), ("dashboard", 47.6, 80),
                               ("floor_logged_in", 300.0, 13), ("bare", 3000.0, 1)]
    }  # fmt: skip
    oira = parse_bench_sh(BENCH_SH_SAMPLE)
    rows = {row["ours"]: row for row in comparison(ours, oira)}
    assert rows["risikovurdering"]["oira"] == "risk-identification"
    assert round(rows["risikovurdering"]["ratio"], 6) == 10.0
    assert round(rows["handlingsplan"]["ratio"], 6) == 5.0
    assert round(rows["dashboard"]["ratio"], 6) == 1.0
    assert (round(rows["floor_logged_in"]["ratio"], 6), rows["floor_logged_in"]["ratio_of"]) == (0.1, "bare")
    assert rows["bare"]["oira"] == "zope-root"

    lines = table_lines(ours, oira, connections=4, duration=10)
    assert lines[2] == "| page | this app req/s (p50) | OiRA req/s (p50) | ratio |"
    risk = next(line for line in lines if line.startswith("| risk assessment"))
    assert risk.endswith("| 159.0 (24 ms) | 15.9 (237 ms) | 10.0× |")
    floor = next(line for line in lines if "floor" in line)
    assert floor.endswith("| 300.0 (13 ms) |  | 0.10 of bare |")
    # A missing OiRA row leaves its cell empty rather than failing the whole table.
    del oira["client-dashboard"]
    dashboard = next(line for line in table_lines(ours, oira, connections=4, duration=10) if "dashboard" in line)
    assert dashboard.endswith("| 47.6 (80 ms) | – |  |")


def test_the_whole_bench_table_ends_with_the_peer_table():
    from bench.peer import parse_bench_sh

    row = {"requests": 100, "duration_us": 10_000_000, "errors": 0, "p50_us": 2000, "p95_us": 3000, "p99_us": 4000}
    ours = {name: {**row, "rps": 10.0} for name in ["risikovurdering", "handlingsplan", "dashboard",
                                                    "floor_logged_in", "bare"]}  # fmt: skip
    text = table({"peer": {"connections": 4, "duration": 10, "ours": ours, "oira": parse_bench_sh(BENCH_SH_SAMPLE)}})
    assert text.startswith("Against OiRA: wrk -t1 -c4, 10 s per page")
    assert "| bare view / bare Zope | 10.0 (2 ms) | 786.1 (5 ms) | 0.0× |" in text
