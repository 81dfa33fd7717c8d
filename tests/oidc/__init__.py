"""A real OpenID provider for the tests (issue 22): provider.mjs, node's oidc-provider."""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "vold-og-trusler"
CLIENT_SECRET = "bare-for-tester"
KEYS = ("arbeidstilsynet", "kommunen")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app_url: str, log: Path):
    """Start the provider for the app at app_url; return (process, issuer) once it answers."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found on PATH (Node 20 or newer runs tests/oidc/provider.mjs)")
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": ",".join(f"{app_url}/logg-inn/med/{key}/tilbake/" for key in KEYS),
        "POST_LOGOUT_REDIRECT_URIS": f"{app_url}/logg-inn/",
    }
    with log.open("w") as out:
        process = subprocess.Popen([node, str(SCRIPT)], env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OpenID provider stopped: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=1).close()
            return process, issuer
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"the OpenID provider did not answer: {log.read_text()[-2000:]}")


def providers(issuer: str) -> dict:
    """settings.OIDC_PROVIDERS for the test provider: the agency's and the kommune's."""
    common = {
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid email profile",
    }
    return {
        "arbeidstilsynet": {**common, "name": "Logg inn med Arbeidstilsynet", "for": "veileder", "mfa_acr": []},
        "kommunen": {**common, "name": "Logg inn med kommunen", "for": "kommune", "mfa_acr": []},
    }
