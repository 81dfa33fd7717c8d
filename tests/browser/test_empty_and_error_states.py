"""Empty lists and error pages pass axe too (and reflow at 320 px, via assert_accessible)."""

import pytest
from django.urls import reverse

from conftest import make_tenant
from tests.browser.conftest import assert_accessible, login


@pytest.mark.django_db(transaction=True)
def test_empty_states_and_error_pages(page, world):
    empty = make_tenant(4, veileder=None, with_plan=False)
    login(page, world.veileder.email)
    for url in (
        reverse("veiledning:dashboard") + "?steg=avsluttet",  # nothing matches
        reverse("pages:outbox") + "?vis=feilet",
        reverse("kommuner:kommune_list") + "?q=finnes-ikke",
        reverse("evaluering:trend"),
        reverse("veiledning:create", args=[empty.kommune.orgnr]),
        "/finnes-ikke/",  # 404
        reverse("kommuner:kontakt_create", args=[empty.kommune.orgnr]),  # not in the programme: 404
    ):
        page.goto(url)
        assert_accessible(page, url)
    page.get_by_role("button", name="Logg ut").click()
    login(page, empty.users["hms"].email)
    for url in (
        reverse("handlingsplan:skole_plan", args=[empty.skole.pk]),  # no plan yet
        reverse("veiledning:dashboard"),  # 403
        reverse("risikovurdering:skole_list", args=[empty.skole.pk]),
    ):
        page.goto(url)
        assert_accessible(page, url)
    page.goto(reverse("risikovurdering:detail", args=[empty.vurdering.pk]))
    assert_accessible(page, "assessment with an unrated row")
    page.get_by_role("link", name="Legg til risikoforhold").click()
    assert_accessible(page, "the form for a new row")
