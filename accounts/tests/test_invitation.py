import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User

NEW_PASSWORD = "Trygg-skolehverdag-42"


def invite(client, world, capture, persona="verneombud"):
    kontakt = world.own.kontakter[persona]
    client.force_login(world.veileder)
    with capture(execute=True):
        assert client.post(reverse("kommuner:kontakt_invite", args=[kontakt.pk])).status_code == 302
    client.logout()
    message = mail.outbox[-1]
    link = re.search(r"https?://\S+/invitasjon/(\S+)/", message.body)
    return kontakt, message, link.group(1)


def test_invitation_link_sets_password_once_and_lands_on_home(client, world, django_capture_on_commit_callbacks):
    kontakt, message, token = invite(client, world, django_capture_on_commit_callbacks)
    assert message.to == [kontakt.epost]
    assert len(token) >= 43  # 32 random bytes, base64: 256 bits
    url = reverse("accounts:invitation", args=[token])

    # Mail scanners GET the link first: that must not use it up.
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200

    response = client.post(url, {"password1": NEW_PASSWORD, "password2": "noe annet"})
    assert response.status_code == 200 and "Passordene er ikke like" in response.content.decode()

    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("pages:home")
    assert client.get(reverse("pages:home")).status_code == 200
    user = User.objects.get(email=kontakt.epost)
    assert user.check_password(NEW_PASSWORD)

    client.logout()
    assert client.get(url).status_code == 410
    assert client.post(url, {"password1": "Annet-passord-99", "password2": "Annet-passord-99"}).status_code == 410
    assert User.objects.get(email=kontakt.epost).check_password(NEW_PASSWORD)


def test_invitation_expires_after_seven_days(client, world, django_capture_on_commit_callbacks):
    _kontakt, _message, token = invite(client, world, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(token_hash=Invitation.hash_token(token))
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    assert client.get(reverse("accounts:invitation", args=[token])).status_code == 410


def test_new_invitation_replaces_the_old_link(client, world, django_capture_on_commit_callbacks):
    _k, _m, first = invite(client, world, django_capture_on_commit_callbacks)
    _k, _m, second = invite(client, world, django_capture_on_commit_callbacks)
    assert client.get(reverse("accounts:invitation", args=[first])).status_code == 410
    assert client.get(reverse("accounts:invitation", args=[second])).status_code == 200


def test_unknown_token_is_not_found(client, db):
    assert client.get(reverse("accounts:invitation", args=["x" * 43])).status_code == 404


def test_invitation_mail_is_sent_after_commit_only(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.force_login(world.veileder)
        client.post(reverse("kommuner:kontakt_invite", args=[world.own.kontakter["hms"].pk]))
    # The other callbacks after commit bump the data's generations (core.versions).
    sending = [c for c in callbacks if "versions" not in c.__module__]
    assert mail.outbox == [] and len(sending) == 1
    for callback in sending:
        callback()
    assert len(mail.outbox) == 1


def test_login_with_email_and_password_reset_by_mail(client, world):
    user = world.own.users["hms"]
    response = client.post(reverse("accounts:login"), {"username": user.email.upper(), "password": "feil"})
    assert "Feil e-post eller passord" in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "Et-godt-passord-2026"})
    assert response.status_code == 302

    client.post(reverse("accounts:logout"))
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    link = re.search(r"https?://\S+(/passord/nytt/\S+/)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_invitation_mail_is_in_the_kommunes_malform(client, world, django_capture_on_commit_callbacks):
    from kommuner.services import kontakt_create

    # The foreign Kommune writes nynorsk; a person with no user yet gets its målform.
    kontakt = kontakt_create(
        kommune=world.foreign.kommune,
        skole=world.foreign.skole,
        rolle="tillitsvalgt",
        navn="Tone",
        epost="t@example.com",
    )
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("kommuner:kontakt_invite", args=[kontakt.pk]))
    message = mail.outbox[-1]
    assert "Vald og truslar i skulen" in message.body and "Opne lenka" in message.body
    assert "skulen" in message.subject


def test_login_is_rate_limited_per_account_with_a_clear_429(client, world, settings):
    from django.core.cache import cache

    cache.clear()
    user = world.own.users["hms"]
    url = reverse("accounts:login")
    for _ in range(10):
        assert client.post(url, {"username": user.email, "password": "feil"}).status_code == 200
    response = client.post(url, {"username": user.email, "password": "Et-godt-passord-2026"})
    assert response.status_code == 429 and "For mange forsøk" in response.content.decode()
    other = world.own.users["verneombud"]  # the same address, another account: still fine
    assert client.post(url, {"username": other.email, "password": "Et-godt-passord-2026"}).status_code == 302
    cache.clear()


def test_password_reset_is_rate_limited(client, world):
    from django.core.cache import cache

    cache.clear()
    url = reverse("accounts:password_reset")
    for _ in range(3):
        assert client.post(url, {"email": "hms1@example.com"}).status_code == 302
    assert client.post(url, {"email": "hms1@example.com"}).status_code == 429
    cache.clear()


def test_no_open_redirect_through_next(client, world):
    user = world.own.users["hms"]
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": user.email, "password": "Et-godt-passord-2026", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("pages:home")


def test_guessing_invitation_tokens_is_rate_limited(client, db):
    for n in range(30):
        assert client.get(reverse("accounts:invitation", args=[f"gjett-{n}"])).status_code == 404
    assert client.get(reverse("accounts:invitation", args=["gjett-31"])).status_code == 429


def test_logout_ends_the_session_on_the_server(client, world):
    from django.contrib.sessions.models import Session

    client.force_login(world.own.users["hms"])
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # an old cookie does not bring the session back
    assert client.get(reverse("pages:home")).status_code == 302


def test_after_logging_in_again_the_person_is_back_where_they_were(client, world):
    page = reverse("risikovurdering:rad", args=[world.own.rad.pk])
    response = client.get(page)  # the session has ended
    assert response.status_code == 302 and response["Location"] == f"{reverse('accounts:login')}?next={page}"
    response = client.post(
        response["Location"],
        {"username": world.own.users["hms"].email, "password": "Et-godt-passord-2026", "next": page},
    )
    assert response["Location"] == page
