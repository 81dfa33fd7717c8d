import re

from django.urls import reverse


def test_healthz_answers_when_database_and_broker_answer(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200 and response.json()["database"] is True


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503 and response.json()["broker"] is False


def test_language_choice_is_remembered_on_the_user(client, world):
    user = world.own.users["hms"]
    client.force_login(user)
    response = client.post(reverse("pages:language_set"), {"language": "nn", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "nn"
    client.logout()
    client.force_login(user)  # a new session, another device: still nynorsk
    assert client.get(reverse("pages:home"))["Content-Language"] == "nn"


def test_language_switch_refuses_foreign_redirects(client, db):
    response = client.post(reverse("pages:language_set"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_bokmal_is_the_default_whatever_the_browser_says(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nb"
    assert re.search(r"<html lang=\"nb\"[ >]", response.content.decode())


def test_refused_access_is_logged(client, world, caplog):
    client.force_login(world.own.users["hms"])
    with caplog.at_level("WARNING", logger="vts.security"):
        response = client.get(reverse("veiledning:dashboard"))
    assert response.status_code == 403 and "Ingen tilgang" in response.content.decode()
    assert any("refused" in r.message and "/veiledninger/" in r.message for r in caplog.records)
