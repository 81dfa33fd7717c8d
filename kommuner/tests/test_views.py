from django.urls import reverse

from kommuner.models import Kontakt


def test_add_kontakt_keeps_input_and_explains_in_norwegian(client, world):
    client.force_login(world.veileder)
    url = reverse("kommuner:kontakt_create", args=[world.own.kommune.orgnr])
    data = {"navn": "Vera Verneombud", "epost": "vera@example.com", "rolle": "verneombud", "skole": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Velg skolen for rollen verneombud" in response.content.decode()
    assert 'value="Vera Verneombud"' in response.content.decode()

    response = client.post(url, {**data, "skole": world.own.skole.pk})
    assert response.status_code == 302 and response["Location"] == world.own.skole.get_absolute_url()
    assert Kontakt.objects.filter(epost="vera@example.com", skole=world.own.skole).exists()

    response = client.post(url, {**data, "skole": world.foreign.skole.pk})
    assert response.status_code == 200  # a foreign school is not a choice
    assert Kontakt.objects.filter(epost="vera@example.com").count() == 1


def test_kommune_search_page(client, world):
    client.force_login(world.veileder)
    response = client.get(reverse("kommuner:kommune_list"), {"q": "Testkommune 2"})
    body = response.content.decode()
    assert "Testkommune 2" in body and "Testkommune 1" not in body
    response = client.get(reverse("kommuner:kommune_list"), {"q": "finnes ikke"})
    assert "Ingen treff" in response.content.decode()


def test_the_register_comes_a_page_at_a_time(client, world, monkeypatch):
    monkeypatch.setattr("core.pagination.PER_PAGE", 1)
    client.force_login(world.veileder)
    body = client.get(reverse("kommuner:kommune_list"), {"q": "Testkommune"}).content.decode()
    assert "2 kommuner" in body and "Side 1 av 2" in body and 'href="?q=Testkommune&amp;side=2"' in body
    body = client.get(reverse("kommuner:kommune_list"), {"q": "Testkommune", "side": "2"}).content.decode()
    assert "Side 2 av 2" in body and "Forrige side" in body


def test_kommune_page_lists_schools_and_people(client, world):
    client.force_login(world.own.users["skoleeier"])
    body = client.get(world.own.kommune.get_absolute_url()).content.decode()
    assert "Testskole 1" in body and "hvo1" in body
    assert "Inviter" not in body  # only veiledere invite


def test_seed_demo_is_idempotent_and_prints_logins(db):
    from io import StringIO

    from django.core.management import call_command

    from kommuner.models import Kommune, Skole

    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Kommune.objects.count(), Skole.objects.count(), Kontakt.objects.count())
    out2 = StringIO()
    call_command("seed_demo", stdout=out2)
    assert counts == (Kommune.objects.count(), Skole.objects.count(), Kontakt.objects.count())
    assert counts[0] == 44
    lines = out2.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == [
        "veileder",
        "skoleeier",
        "hvo",
        "hms",
        "skoleeier2",
        "hms2",
        "fasilitator",
    ]
    assert all(line.startswith("demo-login ") and len(line.split()) == 4 for line in lines)
    assert Kommune.objects.filter(is_demo=True).count() == 44
    malformer = {Kommune.objects.get(nummer=n).malform for n in ("4601", "4621")}
    assert len(malformer) == 2


def test_veileder_outside_the_programme_is_told_why_people_are_hidden(client, world):
    client.force_login(world.veileder)
    body = client.get(world.foreign.skole.get_absolute_url()).content.decode()
    assert "vises bare for kommuner i dine veiledninger" in body and "hms2" not in body
    body = client.get(world.own.skole.get_absolute_url()).content.decode()
    assert "hms1" in body


def test_employer_side_chooses_to_share_content_with_the_veileder(client, world):
    from django.urls import reverse

    client.force_login(world.own.users["skoleeier"])
    response = client.post(reverse("kommuner:deler_innhold", args=[world.own.kommune.orgnr]), {"deler_innhold": "1"})
    assert response.status_code == 302
    world.own.kommune.refresh_from_db()
    assert world.own.kommune.deler_innhold
    client.force_login(world.own.users["hvo"])  # the parties read, but the employer decides
    assert client.post(reverse("kommuner:deler_innhold", args=[world.own.kommune.orgnr])).status_code == 403
