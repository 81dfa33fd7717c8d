from django.urls import reverse

from core.models import Paminnelse
from core.reminders import target_of


def test_cancelling_from_the_page_stops_reminders(client, world):
    client.force_login(world.veileder)
    response = client.post(reverse("veiledning:samling_avlys", args=[world.own.seminar.pk]))
    assert response.status_code == 302
    world.own.seminar.refresh_from_db()
    assert world.own.seminar.avlyst
    assert not Paminnelse.objects.filter(target=target_of(world.own.seminar), state="planlagt").exists()
    body = client.get(reverse("veiledning:detail", args=[world.own.veiledning.pk])).content.decode()
    assert "avlyst" in body


def test_seminar_view_shows_agenda_with_corrected_pause_and_help_texts(client, world):
    client.force_login(world.veileder)
    body = client.get(reverse("veiledning:seminar", args=[world.own.veiledning.pk])).content.decode()
    assert "09:50–10:00" in body and "10:50–10:00" not in body
    assert "Definisjoner og melding" in body and "politi" in body


def test_dashboard_filters_and_totals(client, world):
    client.force_login(world.admin)
    rows = client.get(reverse("veiledning:dashboard"), {"steg": "planlagt"}).context["veiledninger"]
    assert {v.kommune.navn for v in rows} == {"Testkommune 1", "Testkommune 2"}
    response = client.get(reverse("veiledning:dashboard"), {"steg": "avsluttet"})
    assert response.context["veiledninger"] == []
    assert "Ingen veiledninger ennå" in response.content.decode()
    totals = response.context["totals"]
    assert totals == {"kommuner": 0, "fylkeskommuner": 0, "skoler_invitert": 0, "skoler_deltok": 0}


def test_dashboard_query_count_does_not_grow_with_veiledninger(client, world, django_assert_max_num_queries):
    from conftest import make_tenant

    client.force_login(world.admin)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("veiledning:dashboard"))
    for n in range(3, 6):
        make_tenant(n, veileder=world.veileder)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("veiledning:dashboard"))


def test_dashboard_comes_a_page_at_a_time_with_totals_over_all_pages(client, world, monkeypatch):
    from conftest import make_tenant

    monkeypatch.setattr("core.pagination.PER_PAGE", 2)
    make_tenant(3, veileder=world.veileder)
    client.force_login(world.admin)
    first = client.get(reverse("veiledning:dashboard"), {"steg": "planlagt"})
    assert len(first.context["veiledninger"]) == 2 and first.context["totals"]["kommuner"] == 3
    body = first.content.decode()
    assert "Side 1 av 2" in body and 'href="?steg=planlagt&amp;side=2"' in body
    second = client.get(reverse("veiledning:dashboard"), {"steg": "planlagt", "side": "2"})
    assert [v.kommune.navn for v in second.context["veiledninger"]] == ["Testkommune 3"]
    assert second.context["totals"] == first.context["totals"]
