from binascii import unhexlify

from django.urls import reverse
from django_otp.oath import TOTP

from conftest import PASSWORD


def _code(key_hex: str) -> str:
    totp = TOTP(unhexlify(key_hex))
    return f"{totp.token():06d}"


def test_veileder_sets_up_totp_then_needs_it_and_a_recovery_code_works_once(client, world, settings):
    settings.REQUIRE_2FA = True
    veileder = world.veileder
    response = client.post(reverse("accounts:login"), {"username": veileder.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("veiledning:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:to_faktor"))
    response = client.get(reverse("accounts:to_faktor"), follow=True)
    assert (
        "Sett opp to-faktor-innlogging" in response.content.decode()
        and "data:image/svg+xml" in response.content.decode()
    )
    key = client.session["to_faktor_nokkel"]

    response = client.post(reverse("accounts:to_faktor_oppsett"), {"kode": "000000"})
    assert "Koden stemmer ikke" in response.content.decode()
    response = client.post(reverse("accounts:to_faktor_oppsett"), {"kode": _code(key)})
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get(reverse("veiledning:dashboard")).status_code == 200

    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": veileder.email, "password": PASSWORD})
    assert client.get(reverse("veiledning:dashboard")).status_code == 302
    response = client.post(reverse("accounts:to_faktor"), {"kode": codes[0], "next": "/veiledninger/"})
    assert response.status_code == 302 and response["Location"] == "/veiledninger/"
    assert client.get(reverse("veiledning:dashboard")).status_code == 200

    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": veileder.email, "password": PASSWORD})
    response = client.post(reverse("accounts:to_faktor"), {"kode": codes[0]})  # used up
    assert response.status_code == 200 and "Koden stemmer ikke" in response.content.decode()


def test_school_people_are_not_asked_for_a_second_factor(client, world, settings):
    settings.REQUIRE_2FA = True
    client.post(reverse("accounts:login"), {"username": world.own.users["hms"].email, "password": PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200


def test_production_settings_require_it(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    env = {k: v for k, v in os.environ.items() if k != "REQUIRE_2FA"} | {"PRODUCTION": "1", "VAR_DIR": str(tmp_path)}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); "
    code += "from django.conf import settings; print(settings.REQUIRE_2FA)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"
