"""Login limits that hold: one spelling of an address, every login path, and the real
client behind a reverse proxy."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts import limits
from accounts.models import User
from conftest import PASSWORD
from core.ratelimit import client_address

LOGIN = reverse("accounts:login")


def fail(client, username, **extra):
    return client.post(LOGIN, {"username": username, "password": "feil-passord"}, **extra)


def test_one_spelling_of_an_address():
    from accounts.models import email_normalize

    assert email_normalize("  Rektor2@Example.COM\t") == "rektor2@example.com"
    assert email_normalize("ｒｅｋｔｏｒ２@example.com") == "rektor2@example.com"  # full-width (NFKC)
    assert email_normalize("STRASSE@example.com") == email_normalize("straße@example.com")


def test_authentication_and_new_users_use_it(world):
    assert User.objects.create_user(email=" Ny.Rektor@Example.com ", password=PASSWORD).email == "ny.rektor@example.com"
    hms = world.own.users["hms"]
    assert authenticate(None, username="  HMS1@EXAMPLE.COM\t", password=PASSWORD) == hms
    assert authenticate(None, username="ｈｍｓ１@example.com", password=PASSWORD) == hms


def test_spellings_of_one_address_share_one_quota(client, world):
    hms = world.own.users["hms"]
    spellings = [" hms1@example.com", "hms1@example.com\t", " HMS1@example.com ", "\thms1@Example.com"]
    for n in range(limits.LOGIN_PER_ACCOUNT):
        assert fail(client, spellings[n % len(spellings)]).status_code == 200
    response = client.post(LOGIN, {"username": hms.email, "password": PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_the_admin_login_shares_the_limit(client, world):
    admin_user = world.admin
    for _ in range(limits.LOGIN_PER_ACCOUNT):
        assert fail(client, admin_user.email).status_code == 200
    response = client.post("/admin/login/", {"username": admin_user.email, "password": PASSWORD, "next": "/admin/"})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert client.post(LOGIN, {"username": admin_user.email, "password": PASSWORD}).status_code == 429
    assert response.status_code in (302, 429)


def test_a_locked_out_person_is_told_when_and_how_in_their_language(client, world):
    hms = world.own.users["hms"]
    client.cookies["sprak"] = "nn"
    for _ in range(limits.LOGIN_PER_ACCOUNT):
        fail(client, hms.email)
    response = client.post(LOGIN, {"username": hms.email, "password": PASSWORD})
    body = response.content.decode()
    assert response.status_code == 429
    assert "15 minutt" in body and reverse("accounts:password_reset") in body
    assert "Prøv igjen om" in body and "ikkje" in body
    assert 60 <= int(response["Retry-After"]) <= 15 * 60


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy trusted: the header is the client's word
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a spoofed entry on the left
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.1"),  # fewer hops than proxies: not through them
        (1, "", "10.0.0.1"),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_clients_behind_one_proxy_get_their_own_quota(world, settings, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(limits, "LOGIN_PER_ADDRESS", 3)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first, second = Client(**proxy), Client(**proxy)
    for n in range(3):  # a spoofed left-hand entry does not buy a fresh quota
        spoof = f"198.51.100.{n}, 203.0.113.5"
        assert fail(first, f"ukjent{n}@example.com", HTTP_X_FORWARDED_FOR=spoof).status_code == 200
    assert fail(first, "ukjent9@example.com", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5").status_code == 429
    hms = world.own.users["hms"]
    response = second.post(LOGIN, {"username": hms.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert response.status_code == 302
