"""One running Veiledning per Kommune; a mistaken one that is still only planned can be
deleted (issue 18)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import make_tenant
from core.audit import history_for
from veiledning.models import Veiledning
from veiledning.services import brev_send, veiledning_create, veiledning_delete


def test_start_on_a_kommune_with_a_running_one_is_refused_with_a_link_to_it(client, world):
    client.force_login(world.veileder)
    kommune, running = world.own.kommune, world.own.veiledning
    response = client.post(reverse("veiledning:create", args=[kommune.orgnr]), {"skoler": [world.own.skole.pk]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "har allerede en veiledning som pågår" in body
    assert f'href="{reverse("veiledning:detail", args=[running.pk])}"' in body
    assert Veiledning.objects.filter(kommune=kommune).count() == 1
    # The page says so before anyone fills in the form.
    page = client.get(reverse("veiledning:create", args=[kommune.orgnr])).content.decode()
    assert "har allerede en veiledning som pågår" in page


def test_the_database_refuses_a_second_running_veiledning(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Veiledning.objects.create(kommune=world.own.kommune)
    world.own.veiledning.steg = Veiledning.Steg.AVSLUTTET
    world.own.veiledning.save()
    Veiledning.objects.create(kommune=world.own.kommune)  # a new run after the last one ended


def test_a_planned_veiledning_with_nothing_sent_can_be_deleted_and_it_is_recorded(client, world):
    tenant = make_tenant(3, veileder=None)
    veiledning = veiledning_create(kommune=tenant.kommune, veiledere=[world.veileder], skoler=[tenant.skole])
    client.force_login(world.veileder)
    detail = client.get(reverse("veiledning:detail", args=[veiledning.pk])).content.decode()
    assert "Slett veiledningen" in detail and "<dialog" in detail
    response = client.post(reverse("veiledning:delete", args=[veiledning.pk]))
    assert response.status_code == 302 and response["Location"] == tenant.kommune.get_absolute_url()
    assert not Veiledning.objects.filter(pk=veiledning.pk).exists()
    assert history_for(veiledning).filter(action="delete", actor=world.veileder).exists()
    # and the Kommune can start afresh
    veiledning_create(kommune=tenant.kommune, veiledere=[world.veileder], skoler=[tenant.skole])


def test_a_veiledning_that_sent_its_letter_or_moved_on_cannot_be_deleted(client, world):
    from django.core.exceptions import ValidationError

    veiledning = world.own.veiledning
    veiledning.var_ref = "2026/1"
    veiledning.save()
    brev_send(veiledning=veiledning, by=world.veileder)
    with pytest.raises(ValidationError):
        veiledning_delete(veiledning=veiledning, by=world.veileder)
    client.force_login(world.veileder)
    assert "Slett veiledningen" not in client.get(reverse("veiledning:detail", args=[veiledning.pk])).content.decode()
    client.post(reverse("veiledning:delete", args=[veiledning.pk]))
    assert Veiledning.objects.filter(pk=veiledning.pk).exists()


def test_a_planned_one_with_a_meeting_invitation_sent_is_kept(world):
    """The world's seminar has participants with reminders planned but nothing sent: still
    deletable; once anything reached anyone, it is not."""
    from django.core.exceptions import ValidationError

    from core.models import Paminnelse
    from core.reminders import target_of

    seminar = world.own.seminar
    Paminnelse.objects.filter(target=target_of(seminar)).update(state="sendt")
    if not Paminnelse.objects.filter(target=target_of(seminar), state="sendt").exists():
        pytest.skip("no reminder planned for the seminar")
    with pytest.raises(ValidationError):
        veiledning_delete(veiledning=world.own.veiledning, by=world.veileder)
