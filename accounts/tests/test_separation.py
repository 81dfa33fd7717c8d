"""Separation of duties: a veileder or admin never holds a kommune membership, so it can
never give itself the consent (deler innhold) that its guidance depends on."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Invitation, User
from accounts.services import invitation_accept, invitation_create
from conftest import PASSWORD, make_user
from kommuner.models import Kontakt
from kommuner.services import kontakt_create, kontakt_link_user

NEW_PASSWORD = "Trygg-skolehverdag-42"


def test_a_veileder_cannot_invite_itself_into_a_kommune_and_switch_sharing_on(
    client, world, django_capture_on_commit_callbacks
):
    kommune, veileder = world.own.kommune, world.veileder
    assert not kommune.deler_innhold
    client.force_login(veileder)
    url = reverse("kommuner:kontakt_create", args=[kommune.orgnr])
    data = {"navn": "Meg selv", "epost": veileder.email.upper(), "rolle": "kommunalsjef", "skole": ""}
    assert client.post(url, data).status_code == 302
    kontakt = Kontakt.objects.get(kommune=kommune, epost=veileder.email, rolle="kommunalsjef")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kommuner:kontakt_invite", args=[kontakt.pk]))
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("veileder" in m and "kan ikke" in m for m in shown), shown
    assert mail.outbox == [] and not Invitation.objects.filter(kontakt=kontakt).exists()

    response = client.post(reverse("kommuner:deler_innhold", args=[kommune.orgnr]), {"deler_innhold": "1"})
    assert response.status_code in (403, 404)
    kommune.refresh_from_db()
    assert not kommune.deler_innhold
    assert not Kontakt.objects.filter(user=veileder).exists()


def test_an_invitation_is_refused_when_its_address_became_a_veileder(world, django_capture_on_commit_callbacks):
    kontakt = kontakt_create(
        kommune=world.own.kommune, rolle=Kontakt.Rolle.HMS_RADGIVER, navn="Kari", epost="kari@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(kontakt=kontakt, by=world.veileder)
    token = mail.outbox[-1].body.split("/invitasjon/")[1].split("/")[0]
    kari = make_user("kari@example.com", is_veileder=True)  # no memberships yet: allowed

    with pytest.raises(ValidationError):
        invitation_accept(token=token, password=NEW_PASSWORD)
    kontakt.refresh_from_db()
    kari.refresh_from_db()
    assert kontakt.user is None and kari.check_password(PASSWORD)  # the link did not set her password


def test_the_invitation_page_shows_the_refusal(client, world, django_capture_on_commit_callbacks):
    kontakt = kontakt_create(kommune=world.own.kommune, rolle=Kontakt.Rolle.BHT, navn="Per", epost="per@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(kontakt=kontakt, by=world.veileder)
    token = mail.outbox[-1].body.split("/invitasjon/")[1].split("/")[0]
    per = make_user("per@example.com", is_staff=True)
    response = client.post(
        reverse("accounts:invitation", args=[token]), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 200 and "veileder" in response.content.decode()
    assert not Kontakt.objects.filter(user=per).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("flags", [{"is_veileder": True}, {"is_staff": True}, {"is_superuser": True}])
def test_the_model_refuses_a_membership_for_a_veileder_or_admin(world, flags):
    user = make_user("dobbel@example.com", **flags)
    kontakt = world.own.kontakter["skoleeier"]
    with pytest.raises(ValidationError):
        kontakt_link_user(kontakt=kontakt, user=user, by=world.veileder)
    kontakt.refresh_from_db()
    assert kontakt.user == world.own.users["skoleeier"]
    kontakt.user = user
    with pytest.raises(ValidationError):
        kontakt.full_clean()


def test_a_member_cannot_be_made_a_veileder_or_admin(world):
    member = world.own.users["skoleeier"]
    for flag in ("is_veileder", "is_staff", "is_superuser"):
        setattr(member, flag, True)
        with pytest.raises(ValidationError):
            member.full_clean()
        setattr(member, flag, False)
    member.full_clean()


def test_the_user_admin_refuses_to_make_a_member_a_veileder(client, world):
    member = world.own.users["skoleeier"]
    client.force_login(world.admin)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    data = {"email": member.email, "navn": member.navn, "language": "nb", "is_active": "on", "is_veileder": "on"}
    data.update({"identiteter-TOTAL_FORMS": "0", "identiteter-INITIAL_FORMS": "0"})  # its inline (accounts.admin)
    response = client.post(url, data)
    assert response.status_code == 200 and "veileder" in response.content.decode()
    member.refresh_from_db()
    assert not member.is_veileder


def test_demo_and_fixture_people_keep_the_duties_apart(world):
    assert not Kontakt.objects.filter(user__is_veileder=True).exists()
    assert not Kontakt.objects.filter(user__is_staff=True).exists()
    assert not Kontakt.objects.filter(user__is_superuser=True).exists()
    assert User.objects.filter(is_veileder=True).count() == 3  # two veiledere and the admin
