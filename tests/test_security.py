import os
import secrets
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

from conftest import PASSWORD


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # The browser harness allows sync DB access in tests; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "vts.example.no",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr and "no issues" in result.stdout


def test_csp_is_strict_on_html_pages(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_starts_a_new_session(client, world):
    client.get(reverse("accounts:login"))
    client.cookies["sessionid"] = "x"
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.cookies["sessionid"].value
    response = client.post(reverse("accounts:login"), {"username": world.own.users["hms"].email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert before != after
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_templates_have_no_inline_scripts_or_styles():
    import re
    from pathlib import Path

    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=", text) or "<style" in text:
            offenders.append(str(path))
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{path} (event handler attribute)")
    assert offenders == []
