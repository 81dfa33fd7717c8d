"""The owner's view (issue 18, item 8): "Skolene" shows each school's status; messages go
to the schools the owner chooses; the schools' needs from the Kommune stand in one place;
a status request that a school answers and the Kommune reads."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEntry
from handlingsplan.models import Melding, Statussvar
from handlingsplan.services import handlingsplan_get_or_create, handlingsplan_save_svar, tiltak_create
from kommuner.models import Skole
from kommuner.services import skole_upsert
from risikovurdering.services import risikovurdering_create
from veiledning.services import egenvurdering_save, oppgavesvar_save


def _school(world, n: int) -> Skole:
    skole, _ = skole_upsert(
        orgnr=_orgnr(7_000_000 + n),
        fields={"navn": f"Ekstraskole {n:02d}", "kommune": world.own.kommune, "skoletype": "barneskole"},
    )
    return skole


def _orgnr(seed: int) -> str:
    from demo.vestland import demo_orgnr

    return demo_orgnr(seed)


def _egenvurdering_done(world, skole):
    veiledning = world.own.veiledning
    keys = [p["key"] for p in veiledning.programmal.innhold.get("egenvurdering", [])]
    return egenvurdering_save(
        veiledning=veiledning, skole=skole, fase="baseline", svar={k: {"svar": "ja"} for k in keys}, ferdig=True,
        by=None,
    )  # fmt: skip


def test_skolene_shows_each_schools_assessment_plan_and_egenvurdering(client, world):
    _egenvurdering_done(world, world.own.skole)
    other = _school(world, 1)
    client.force_login(world.own.users["skoleeier"])
    html = client.get(reverse("pages:kommune", args=[world.own.kommune.orgnr])).content.decode()
    row = html[html.index("Testskole 1") :][:2000]
    assert "utkast" in row and "versjon 1" in row
    assert "0 av 1 tiltak gjennomført" in row
    assert "ved oppstart: gjort" in " ".join(row.split()).replace("<br>", " ")
    other_row = html[html.index(other.navn) :][:2000]
    assert "ingen plan" in other_row and "ved oppstart: ikke gjort" in " ".join(other_row.split())


def test_skolene_keeps_its_query_count_as_schools_grow(client, world):
    client.force_login(world.own.users["skoleeier"])
    url = reverse("pages:kommune", args=[world.own.kommune.orgnr])

    def grow(start: int, n: int) -> None:
        for i in range(start, start + n):
            skole = _school(world, i)
            vurdering = risikovurdering_create(niva="skole", skole=skole, by=None)
            plan = handlingsplan_get_or_create(kommune=world.own.kommune, skole=skole)
            tiltak_create(
                plan=plan,
                fields={"beskrivelse": "Tiltak", "omrade": "tiltak", "ansvarlig_rolle": "rektor"},
                risikoforhold=[],
                by=None,
            )
            world.own.veiledning.skoler.add(skole)
            _egenvurdering_done(world, skole)
            assert vurdering.pk

    def count() -> int:
        client.get(url)  # warm the per-request caches alike
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        # The session may come from the cache or the database: not the page's own work.
        return sum("django_session" not in q["sql"] for q in captured)

    grow(10, 2)
    few = count()
    grow(20, 8)
    assert count() == few


def test_a_message_goes_to_the_schools_the_owner_chooses(client, world):
    other = _school(world, 2)
    handlingsplan_get_or_create(kommune=world.own.kommune, skole=other)
    client.force_login(world.own.users["skoleeier"])
    url = reverse("handlingsplan:oversikt", args=[world.own.kommune.orgnr])
    html = client.get(url).content.decode()
    assert 'type="checkbox"' in html and "checked" not in html.split('name="skoler"')[1][:200]
    response = client.post(url, {"tekst": "Ny rutine for avvik"})
    assert response.status_code == 200 and "Velg minst én skole." in response.content.decode()
    assert "Ny rutine for avvik" in response.content.decode()  # kept
    assert not Melding.objects.exists()
    client.post(url, {"tekst": "Ny rutine for avvik", "skoler": [other.pk]})
    melding = Melding.objects.get()
    assert list(melding.skoler.all()) == [other]
    client.force_login(world.own.users["hms"])
    own_plan = client.get(reverse("handlingsplan:detail", args=[world.own.plan.pk])).content.decode()
    assert "Ny rutine for avvik" not in own_plan
    # A school of another Kommune cannot be chosen.
    client.force_login(world.own.users["skoleeier"])
    response = client.post(url, {"tekst": "X", "skoler": [world.foreign.skole.pk]})
    assert response.status_code == 200 and Melding.objects.count() == 1


def test_the_schools_needs_from_the_kommune_stand_in_one_place(client, world):
    handlingsplan_save_svar(plan=world.own.plan, svar={"3": "Mer bemanning i SFO"}, by=None)
    oppgavesvar_save(
        veiledning=world.own.veiledning, skole=world.own.skole, oppgave="handlingsplan_skole", sporsmal=3,
        tekst="Kurs i konflikthåndtering", versjon=0, by=world.own.users["hms"],
    )  # fmt: skip
    url = reverse("pages:kommune", args=[world.own.kommune.orgnr])
    client.force_login(world.own.users["skoleeier"])
    html = client.get(url).content.decode()
    assert "Hva skolene trenger fra kommunen" in html
    assert "Mer bemanning i SFO" in html and "Kurs i konflikthåndtering" in html
    client.force_login(world.veileder)  # the Kommune does not share content
    assert "Mer bemanning i SFO" not in client.get(url).content.decode()


def test_a_status_request_reaches_the_chosen_school_which_answers_and_the_kommune_reads_it(
    client, world, django_capture_on_commit_callbacks
):
    other = _school(world, 3)
    kommune = world.own.kommune
    url = reverse("handlingsplan:statusforesporsler", args=[kommune.orgnr])
    client.force_login(world.own.users["skoleeier"])
    response = client.post(url, {"sporsmal": "Hvordan går det?"})
    assert "Velg minst én skole." in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes after commit
        response = client.post(
            url, {"sporsmal": "Hvordan går arbeidet med å forebygge?", "skoler": [world.own.skole.pk]}
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["hms1@example.com", "verneombud1@example.com"]
    assert "Hvordan går arbeidet" in mail.outbox[0].body
    foresporsel = kommune.statusforesporsler.get()
    assert list(foresporsel.skoler.all()) == [world.own.skole] and other not in foresporsel.skoler.all()

    # The school answers on its home page.
    client.force_login(world.own.users["hms"])
    home = client.get(reverse("pages:home")).content.decode()
    assert "Hvordan går arbeidet med å forebygge?" in home
    answer_url = reverse("handlingsplan:statussvar", args=[foresporsel.pk, world.own.skole.pk])
    assert answer_url in home
    assert client.post(answer_url, {"tekst": ""}).status_code == 200  # refused, shown again
    assert not Statussvar.objects.exists()
    client.post(answer_url, {"tekst": "Vi har øvd på alarmrutinen."})
    assert Statussvar.objects.get().tekst == "Vi har øvd på alarmrutinen."
    assert AuditEntry.objects.filter(content_type__model="statussvar").exists()
    assert AuditEntry.objects.filter(content_type__model="statusforesporsel").exists()

    # The Kommune's side reads it; a school not asked cannot answer; other Kommuner see nothing.
    for persona in ("skoleeier", "hvo"):
        client.force_login(world.own.users[persona])
        assert "Vi har øvd på alarmrutinen." in client.get(url).content.decode()
    client.force_login(world.veileder)  # not shared: that it was answered, not what
    page = client.get(url).content.decode()
    assert "Vi har øvd på alarmrutinen." not in page and "1 av 1" in page
    client.force_login(world.foreign.users["skoleeier"])
    assert client.get(url).status_code == 404
    client.force_login(world.own.users["hms"])
    assert client.get(url).status_code == 403
    assert (
        client.post(reverse("handlingsplan:statussvar", args=[foresporsel.pk, other.pk]), {"tekst": "x"}).status_code
        == 404
    )
