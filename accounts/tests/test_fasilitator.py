"""A facilitator is a veileder held to one Kommune; never an administrator."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import User
from accounts.services import user_set_fasilitator
from conftest import make_user
from core.audit import history_for


def test_a_facilitator_is_a_veileder_with_a_kommune(world):
    user = make_user("fasilitator@example.com", is_veileder=True)
    assert not user.is_fasilitator
    user = user_set_fasilitator(user=user, kommune=world.own.kommune, by=world.admin)
    assert user.is_fasilitator and user.sees_all and not user.is_admin
    assert list(world.own.kommune.fasilitatorer.all()) == [user]
    entry = history_for(user).get()
    assert entry.changes == {"fasilitator_for": [None, world.own.kommune.pk]} and entry.actor == world.admin
    user = user_set_fasilitator(user=user, kommune=None, by=world.admin)
    assert not user.is_fasilitator and user.fasilitator_for is None


def test_an_admin_or_a_non_veileder_cannot_be_a_facilitator(world):
    with pytest.raises(ValidationError, match="administrator kan ikke være fasilitator"):
        user_set_fasilitator(user=world.admin, kommune=world.own.kommune, by=world.admin)
    plain = make_user("vanlig@example.com")
    with pytest.raises(ValidationError, match="må også være veileder"):
        user_set_fasilitator(user=plain, kommune=world.own.kommune, by=world.admin)
    user = make_user("fasilitator@example.com", is_veileder=True, fasilitator_for=world.own.kommune)
    user.is_staff = True
    with pytest.raises(ValidationError):
        user.full_clean(exclude=["password"])
    with transaction.atomic(), pytest.raises(IntegrityError):  # and the database holds the rule
        User.objects.filter(pk=user.pk).update(is_staff=True)


def test_a_kommune_with_a_facilitator_is_not_deleted(world):
    make_user("fasilitator@example.com", is_veileder=True, fasilitator_for=world.foreign.kommune)
    with transaction.atomic(), pytest.raises(ProtectedError):
        world.foreign.kommune.delete()


def test_the_admin_sets_the_facilitators_kommune(world, admin_client):
    user = make_user("fasilitator@example.com", is_veileder=True)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    assert 'name="fasilitator_for"' in admin_client.get(url).content.decode()
    data = {
        "email": user.email,
        "navn": "Fiona",
        "language": "nn",
        "is_active": "on",
        "is_veileder": "on",
        "fasilitator_for": world.own.kommune.pk,
        "identiteter-TOTAL_FORMS": "0",  # the inline of OpenID logins (accounts.admin)
        "identiteter-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.fasilitator_for == world.own.kommune and user.navn == "Fiona"
    assert history_for(user).filter(changes__has_key="fasilitator_for").exists()
    response = admin_client.post(url, {**data, "is_staff": "on"})  # an administrator held to one Kommune: refused
    assert response.status_code == 200 and "administrator kan ikke være fasilitator" in response.content.decode()
    response = admin_client.post(url, {**data, "fasilitator_for": "", "is_staff": "on"})  # both in one save
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.fasilitator_for is None and user.is_staff
