"""Kept pages (issue 20): what is rendered once and kept is never shown after the data it
was made from changes, never to another reader, and always with this request's CSRF token
and path (core.keep, core.versions)."""

import re

from django.test import Client
from django.urls import reverse

from core import versions
from core.audit import audited_delete
from handlingsplan.services import tiltak_create
from kommuner.models import Kontakt
from kommuner.services import kommune_upsert
from risikovurdering.services import kommentar_create, risikoforhold_create

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_write_moves_the_generations_of_its_place_and_app(world):
    rad_scopes = ("risikovurdering", versions.sted(world.own.kommune.pk))
    before = versions.generations(*rad_scopes, versions.sted(world.foreign.kommune.pk))
    risikoforhold_create(vurdering=world.own.vurdering, by=None, fields={"hvor": "gang", "situasjon": "Ny"})
    after = versions.generations(*rad_scopes, versions.sted(world.foreign.kommune.pk))
    assert after[0] != before[0] and after[1] != before[1]
    assert after[2] == before[2]  # another Kommune's pages stay kept

    (kommuner,) = versions.generations("kommuner")
    world.own.kontakter["hms"].delete()
    assert versions.generations("kommuner") != (kommuner,)

    (veiledning,) = versions.generations("veiledning")
    world.own.veiledning.veiledere.add(world.admin)  # a many-to-many change
    assert versions.generations("veiledning") != (veiledning,)

    (accounts,) = versions.generations("accounts")
    world.veileder.save(update_fields=["last_login"])  # a login changes nothing shown
    assert versions.generations("accounts") == (accounts,)


def test_a_kept_plan_shows_a_new_measure_at_once(client, world):
    client.force_login(world.own.users["hms"])
    url = reverse("handlingsplan:detail", args=[world.own.plan.pk])
    assert "Vakt i friminuttene" not in _page(client, url)
    tiltak_create(
        plan=world.own.plan,
        fields={"beskrivelse": "Vakt i friminuttene", "omrade": "tiltak", "ansvarlig_rolle": "rektor"},
        by=world.own.users["hms"],
    )
    assert "Vakt i friminuttene" in _page(client, url)


def test_a_kept_assessment_shows_a_new_row_and_comment_at_once(client, world):
    user = world.own.users["hms"]
    client.force_login(user)
    url = reverse("risikovurdering:detail", args=[world.own.vurdering.pk])
    _page(client, url)
    risikoforhold_create(
        vurdering=world.own.vurdering, by=user, fields={"hvor": "gang", "situasjon": "Trengsel ved kantina"}
    )
    assert "Trengsel ved kantina" in _page(client, url)
    kommentar_create(vurdering=world.own.vurdering, tekst="Husk garderoben", rolle="hvo", by=user, bekreftet=True)
    assert "Husk garderoben" in _page(client, url)


def test_the_kept_dashboard_shows_a_change_at_once(client, world):
    client.force_login(world.veileder)
    url = reverse("veiledning:dashboard")
    assert "Nytt Navn kommune" not in _page(client, url)
    kommune_upsert(orgnr=world.own.kommune.orgnr, fields={"navn": "Nytt Navn kommune"})
    assert "Nytt Navn kommune" in _page(client, url)


def test_access_taken_away_is_refused_at_once(client, world):
    user = world.own.users["hms"]
    client.force_login(user)
    url = reverse("handlingsplan:detail", args=[world.own.plan.pk])
    _page(client, url)
    for kontakt in Kontakt.objects.filter(user=user):
        audited_delete(obj=kontakt)
    assert client.get(url).status_code in (403, 404)


def test_a_kept_page_is_not_shown_to_another_reader(client, world):
    """The HMS-gruppe reads its rows; the veileder, where the Kommune does not share, does not."""
    secret = "Situasjon bare skolen leser"
    risikoforhold_create(vurdering=world.own.vurdering, by=None, fields={"hvor": "gang", "situasjon": secret})
    url = reverse("risikovurdering:detail", args=[world.own.vurdering.pk])
    client.force_login(world.own.users["hms"])
    assert secret in _page(client, url)
    other = Client()
    other.force_login(world.veileder)
    assert secret not in other.get(url).content.decode()


def test_a_kept_page_carries_each_requests_own_csrf_token(world):
    """Two sessions of the same person share the kept body; each posts with its own token."""
    user = world.own.users["hms"]
    url = reverse("risikovurdering:detail", args=[world.own.vurdering.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for c in (first, second):
        c.force_login(user)
    _page(first, url)
    page = _page(second, url)  # from the kept copy
    tokens = TOKEN.findall(page)
    assert tokens and "@@csrf-" not in page and "@@path-" not in page
    for token in tokens:  # every form on the page: the frame's and the kept body's
        response = second.post(reverse("pages:language_set"), {"csrfmiddlewaretoken": token, "language": "nb"})
        assert response.status_code == 302, response.status_code  # not refused as a forgery (403)


def test_the_kept_frame_returns_the_language_switch_to_this_page(client, world):
    client.force_login(world.own.users["hms"])
    _page(client, reverse("pages:accessibility"))
    page = _page(client, reverse("pages:privacy") + "?fra=meny&x=<b>")
    assert 'name="next" value="/personvern/?fra=meny&amp;x=%3Cb%3E"' in page or (
        'name="next" value="/personvern/?fra=meny&amp;x=&lt;b&gt;"' in page
    )
    assert "@@csrf-" not in page and "@@path-" not in page


def test_kept_parts_follow_the_readers_language(client, world):
    user = world.own.users["hms"]
    client.force_login(user)
    url = reverse("handlingsplan:detail", args=[world.own.plan.pk])
    bokmal = _page(client, url)
    user.language = "en"
    user.save(update_fields=["language"])
    english = _page(client, url)
    assert 'lang="en"' in english and english != bokmal


def test_a_deactivated_person_is_logged_out_at_once(client, world):
    """The session's user comes from the cache (accounts.backends): a change to the person
    is read at once."""
    user = world.own.users["hms"]
    client.force_login(user)
    url = reverse("handlingsplan:detail", args=[world.own.plan.pk])
    _page(client, url)
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 302


def test_a_reset_second_factor_is_asked_for_at_once(client, world, settings):
    """The session's device comes from the cache (core.middleware.SecondFactorStateMiddleware):
    a reset by an admin sends the veileder to the second-factor page on the next request."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.services import to_faktor_reset

    settings.REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=world.veileder, name="app", confirmed=True)
    client.force_login(world.veileder)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = reverse("veiledning:dashboard")
    _page(client, url)
    _page(client, url)  # the device from the cache
    to_faktor_reset(user=world.veileder, by=world.admin)
    response = client.get(url)
    assert response.status_code == 302 and "/to-faktor/" in response["Location"]


def test_the_hms_navigation_follows_a_new_programme(client, world):
    """The navigation's programme is kept per process under the programmes' generation."""
    from veiledning.services import veiledning_set_skoler

    client.force_login(world.own.users["hms"])
    url = reverse("pages:accessibility")
    seminar = reverse("veiledning:oppgaver", args=[world.own.veiledning.pk, world.own.skole.pk])
    assert seminar in _page(client, url)
    veiledning_set_skoler(veiledning=world.own.veiledning, skoler=[], by=world.veileder)
    assert seminar not in _page(client, url)
