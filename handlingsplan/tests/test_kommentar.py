"""Comments on the Kommune's plan get the same privacy check as comments on the sektor
assessment: text that may identify someone is refused until the person confirms it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.audit import history_for
from handlingsplan import services
from handlingsplan.models import Kommentar
from risikovurdering import services as risk

IDENTIFYING = [
    "Eleven med fnr 01010112345 slo",
    "Skriv til ola.nordmann@skole.no",
    "Ring 912 34 567 om saken",
]


@pytest.mark.parametrize("tekst", IDENTIFYING)
def test_a_plan_comment_that_may_identify_someone_is_refused_like_on_assessments(world, tekst):
    hvo = world.own.users["hvo"]
    with pytest.raises(ValidationError) as plan_error:
        services.kommentar_create(plan=world.own.kommune_plan, tekst=tekst, by=hvo)
    with pytest.raises(ValidationError) as risk_error:
        risk.kommentar_create(vurdering=world.own.sektor, tekst=tekst, rolle="HVO", by=hvo)
    assert plan_error.value.message_dict == risk_error.value.message_dict
    assert not Kommentar.objects.exists()


def test_a_confirmed_plan_comment_is_saved_signed_and_in_the_history(world):
    hvo = world.own.users["hvo"]
    kommentar = services.kommentar_create(
        plan=world.own.kommune_plan, tekst=f"  {IDENTIFYING[2]} ", by=hvo, bekreftet=True
    )
    assert kommentar.tekst == IDENTIFYING[2] and kommentar.av == hvo
    # The role is kept as its key and shown as its label in the reader's language.
    assert kommentar.rolle == world.own.kontakter["hvo"].rolle
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            assert kommentar.rolle_display == world.own.kontakter["hvo"].get_rolle_display()
    assert Kommentar(rolle="Hovudverneombod").rolle_display == "Hovudverneombod"  # an older, stored label
    assert history_for(kommentar).filter(action="create", actor=hvo).exists()


def test_only_the_parties_and_bht_of_the_kommune_comment_on_its_plan(world):
    for user, plan in (
        (world.own.users["hms"], world.own.kommune_plan),  # a school's rektor
        (world.foreign.users["hvo"], world.own.kommune_plan),  # another Kommune's HVO
        (world.veileder, world.own.kommune_plan),
        (world.own.users["hvo"], world.own.plan),  # a school's plan takes no comments
    ):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.kommentar_create(plan=plan, tekst="Fint arbeid", by=user, bekreftet=True)
    with pytest.raises(ValidationError):
        services.kommentar_create(plan=world.own.kommune_plan, tekst="   ", by=world.own.users["bht"])
    assert not Kommentar.objects.exists()


def test_the_page_keeps_the_text_and_shows_why_until_it_is_confirmed(world, client):
    plan, hvo = world.own.kommune_plan, world.own.users["hvo"]
    client.force_login(hvo)
    url = f"/handlingsplaner/{plan.pk}/medvirkning/"
    tekst = "Kontakt ola.nordmann@skole.no"
    response = client.post(url, {"tekst": tekst})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ola.nordmann@skole.no" in page and "en e-postadresse" in page and 'name="bekreft"' in page
    assert not Kommentar.objects.exists()
    response = client.post(url, {"tekst": tekst, "bekreft": "on"})
    assert response.status_code == 302
    assert Kommentar.objects.get().tekst == tekst


def test_a_plain_comment_from_the_page_is_saved(world, client):
    client.force_login(world.own.users["bht"])
    response = client.post(f"/handlingsplaner/{world.own.kommune_plan.pk}/medvirkning/", {"tekst": "Godt arbeid"})
    assert response.status_code == 302
    assert Kommentar.objects.get().rolle == world.own.kontakter["bht"].rolle
    bht = world.own.users["bht"]
    bht.language = "en"  # the reader's language, not the writer's
    bht.save(update_fields=["language"])
    with translation.override("nb"):  # the request switches to English; this puts back what was
        page = client.get(f"/handlingsplaner/{world.own.kommune_plan.pk}/").content.decode()
    with translation.override("en"):
        assert f"{world.own.kontakter['bht'].get_rolle_display()}</p>" in page
