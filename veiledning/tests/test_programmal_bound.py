"""A template the pages can read: the admin's edit of a Programmal is checked against the
standard template's parts and bounded (Programmal.innhold's validator), so a missing or
misshapen part, or a megabyte, is refused with a message instead of breaking the pages."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from veiledning.models import Programmal
from veiledning.programmal import INNHOLD_MAX_BYTES, innhold_check, standard_innhold, videregaende_innhold
from veiledning.services import programmal_active


def test_the_shipped_templates_pass():
    innhold_check(standard_innhold())
    innhold_check(videregaende_innhold())


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda i: i.pop("agenda"), "agenda"),
        (lambda i: i.update(egenvurdering={"a": 1}), "egenvurdering"),
        (lambda i: i["navn"].update(nb="x" * 5001), "5000"),
        (lambda i: i.update(ekstra="x" * INNHOLD_MAX_BYTES), "kB"),
    ],
)
def test_a_broken_template_is_refused_with_what_is_wrong(change, said):
    innhold = standard_innhold()
    change(innhold)
    with pytest.raises(ValidationError, match=said):
        innhold_check(innhold)
    with pytest.raises(ValidationError):
        innhold_check([innhold])


def test_the_admin_refuses_a_template_without_its_agenda_and_saves_a_good_one(client, world):
    mal = programmal_active()
    client.force_login(world.admin)
    url = reverse("admin:veiledning_programmal_change", args=[mal.pk])
    broken = {k: v for k, v in mal.innhold.items() if k != "agenda"}
    response = client.post(url, {"navn": mal.navn, "innhold": json.dumps(broken)})
    assert response.status_code == 200 and "agenda" in response.content.decode()
    assert Programmal.objects.filter(navn=mal.navn).count() == 1
    response = client.post(url, {"navn": mal.navn, "innhold": json.dumps(mal.innhold)})
    assert response.status_code == 302
    assert Programmal.objects.filter(navn=mal.navn).count() == 2  # a new version, as before
