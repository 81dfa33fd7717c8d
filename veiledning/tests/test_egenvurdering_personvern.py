"""DESIGN.md §4 on the Egenvurdering: a comment that may name a pupil or give a diagnosis
is held back with the reason, the answers kept, until the group corrects or confirms it."""

from django.urls import reverse

from veiledning import services
from veiledning.models import Egenvurdering


def test_a_comment_with_a_diagnosis_waits_for_confirmation(client, world):
    v, skole = world.own.veiledning, world.own.skole
    first = v.programmal.innhold["egenvurdering"][0]["key"]
    client.force_login(world.own.users["hms"])
    url = reverse("veiledning:egenvurdering", args=[v.pk, skole.pk, "baseline"])
    data = {f"{first}__svar": "delvis", f"{first}__kommentar": "Gjelder eleven med autisme i 3A"}
    held = client.post(url, data)
    assert held.status_code == 200
    body = held.content.decode()
    assert "en diagnose" in body and "Gjelder eleven med autisme i 3A" in body and 'name="bekreft"' in body
    assert f"{first}__kommentar" in held.context["form"].errors
    assert not Egenvurdering.objects.exists()
    assert client.post(url, {**data, "bekreft": "on"}).status_code == 302
    stored = Egenvurdering.objects.get()
    assert stored.svar[first]["kommentar"] == "Gjelder eleven med autisme i 3A"
    # Stored as it is, it is not asked about again when another answer changes.
    services.egenvurdering_save(
        veiledning=v, skole=skole, fase="baseline", ferdig=False, by=world.own.users["hms"],
        svar={first: {"svar": "ja", "kommentar": "Gjelder eleven med autisme i 3A"}},
    )  # fmt: skip
