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
    assert client.get(reverse("pages:home")).status_code == 200


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


# --- A second factor that holds (issue 14) ------------------------------------------------

RECOVERY = ["gjenoppr01", "gjenoppr02"]


def enrol(user) -> str:
    """A confirmed authenticator and two recovery codes, as setup leaves them."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="gjenoppretting", confirmed=True)
    for code in RECOVERY:
        static.token_set.create(token=code)
    return device.key


def password_login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_password_only_session_cannot_replace_a_confirmed_factor(client, world, settings):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_2FA = True
    veileder = world.veileder
    key = enrol(veileder)
    owner = Client()
    password_login(owner, veileder)
    assert owner.post(reverse("accounts:to_faktor"), {"kode": RECOVERY[0]}).status_code == 302
    assert owner.get(reverse("veiledning:dashboard")).status_code == 200

    password_login(client, veileder)  # someone who has only the password
    response = client.get(reverse("accounts:to_faktor_oppsett"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:to_faktor"))
    attacker_key = "00" * 20
    session = client.session
    session["to_faktor_nokkel"] = attacker_key
    session.save()
    response = client.post(reverse("accounts:to_faktor_oppsett"), {"kode": _code(attacker_key)})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:to_faktor"))
    assert client.get(reverse("veiledning:dashboard")).status_code == 302
    assert list(TOTPDevice.objects.filter(user=veileder).values_list("key", flat=True)) == [key]
    assert owner.get(reverse("veiledning:dashboard")).status_code == 200


def test_a_verified_session_may_replace_its_factor_and_the_holder_is_told(
    client, world, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from core.audit import history_for

    settings.REQUIRE_2FA = True
    veileder = world.veileder
    veileder.language = "nn"
    veileder.save()
    enrol(veileder)
    password_login(client, veileder)
    assert client.post(reverse("accounts:to_faktor"), {"kode": RECOVERY[0]}).status_code == 302  # lost the phone
    assert client.get(reverse("accounts:to_faktor_oppsett")).status_code == 200
    key = client.session["to_faktor_nokkel"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:to_faktor_oppsett"), {"kode": _code(key)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert client.get(reverse("veiledning:dashboard")).status_code == 200
    (message,) = mail.outbox
    assert message.to == [veileder.email]
    assert "to-faktor" in message.subject.lower() and " ikkje " in f" {message.body} "
    entry = history_for(veileder).first()
    assert entry is not None and entry.actor == veileder and "to_faktor" in entry.changes


def test_a_first_enrolment_is_mailed_to_the_holder(client, world, settings, django_capture_on_commit_callbacks):
    from django.core import mail

    settings.REQUIRE_2FA = True
    password_login(client, world.veileder)
    client.get(reverse("accounts:to_faktor_oppsett"))
    key = client.session["to_faktor_nokkel"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:to_faktor_oppsett"), {"kode": _code(key)}).status_code == 200
    assert [m.to for m in mail.outbox] == [[world.veileder.email]]


def test_the_admin_login_is_the_login_page(client, world, settings):
    settings.REQUIRE_2FA = True
    admin_user = world.admin
    enrol(admin_user)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fadmin%2F"
    response = client.post("/admin/login/", {"username": admin_user.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302

    password_login(client, admin_user)
    assert client.get("/admin/").status_code == 302
    response = client.get(reverse("accounts:to_faktor_oppsett"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:to_faktor"))
    client.post(reverse("accounts:to_faktor"), {"kode": RECOVERY[0]})
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_itself_wants_a_verified_session(rf, world, settings):
    from django.contrib import admin

    settings.REQUIRE_2FA = True
    request = rf.get("/admin/")
    request.user = world.admin
    request.user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_an_admin_resets_a_lost_factor_and_it_is_recorded_and_mailed(
    client, world, settings, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.audit import history_for

    veileder = world.veileder
    enrol(veileder)
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "to_faktor_reset", "_selected_action": [veileder.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=veileder).exists()
    assert not StaticDevice.objects.filter(user=veileder).exists()
    assert [m.to for m in mail.outbox] == [[veileder.email]]
    entry = history_for(veileder).first()
    assert entry is not None and entry.actor == world.admin and "to_faktor" in entry.changes

    settings.REQUIRE_2FA = True  # now the holder enrols again with the password
    client.logout()
    password_login(client, veileder)
    assert client.get(reverse("accounts:to_faktor_oppsett")).status_code == 200


def test_codes_cannot_be_guessed_for_long(client, world, settings):
    settings.REQUIRE_2FA = True
    veileder = world.veileder
    enrol(veileder)
    password_login(client, veileder)
    for n in range(10):
        assert client.post(reverse("accounts:to_faktor"), {"kode": f"{n:06d}"}).status_code == 200
    response = client.post(reverse("accounts:to_faktor"), {"kode": RECOVERY[0]})
    assert response.status_code == 429 and reverse("accounts:password_reset") in response.content.decode()
    assert client.get(reverse("veiledning:dashboard")).status_code == 302
