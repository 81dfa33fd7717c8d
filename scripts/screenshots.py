"""The README's screenshots, made anew from the demo data: the veileder's Oversikt and a
school's risk assessment, in Debian's Chromium at 1280 px.

    .venv/bin/python scripts/screenshots.py        # writes docs/screenshots/*.png

It seeds a fresh SQLite database in a temporary folder and serves it with runserver, so it
touches neither `make run`'s data nor the test database."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PASSWORD = "Vestland-demo-2026"  # noqa: S105 (demo/vestland.py DEMO_PASSWORD, printed by `make run` too)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict, port: int) -> subprocess.Popen:
    py = str(ROOT / ".venv" / "bin" / "python")
    # Our own interpreter and manage.py, with arguments of ours: nothing untrusted runs.
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([py, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    server = subprocess.Popen([py, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env)  # noqa: S603
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the app did not start")


def _login(page, email: str) -> None:
    page.goto("/logg-inn/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "VAR_DIR": var, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{var}/demo.sqlite3"}
        port = _free_port()
        server = _serve(env, port)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for email, shot, go in (
                    ("veileder@example.com", "veileder-oversikt.png", None),
                    ("rektor@example.com", "risikovurdering.png", "Risikovurdering"),
                ):
                    context = browser.new_context(
                        base_url=f"http://127.0.0.1:{port}", viewport={"width": 1280, "height": 900}, locale="nb-NO"
                    )
                    page = context.new_page()
                    _login(page, email)
                    if go:  # the school's assessments, then the newest one
                        page.locator(".site-nav").get_by_role("link", name=go).click()
                        page.locator("main table a").first.click()
                    page.wait_for_load_state("networkidle")
                    page.evaluate("() => document.fonts.ready")  # Inter, not the fallback
                    page.screenshot(path=str(OUT / shot), full_page=False)
                    print(OUT / shot)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
