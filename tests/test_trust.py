"""What an attacker and a curious colleague met (issue 14), each as a scenario: pages that
combine data show each person only what the access table lets them read (DESIGN.md §9)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from demo.vestland import demo_orgnr
from evaluering.services import besvarelse_submit, evaluering_set_window
from handlingsplan.services import handlingsplan_get_or_create, tiltak_create
from kommuner.models import Kontakt, Skole
from kommuner.services import kommune_set_deler_innhold, kontakt_create, kontakt_link_user, skole_upsert
from veiledning.services import egenvurdering_save, veiledning_set_skoler


def _second_school(world, navn="Naboskolen"):
    """Another school in the own Kommune, in the same Veiledning, with its own rektor,
    its Egenvurdering at both phases and a plan with an overdue measure."""
    own = world.own
    skole, _ = skole_upsert(
        orgnr=demo_orgnr(8_500_000 + Skole.objects.count()),
        fields={"navn": navn, "kommune": own.kommune, "skoletype": Skole.Skoletype.UNGDOMSSKOLE},
    )
    veiledning_set_skoler(veiledning=own.veiledning, skoler=[*own.veiledning.skoler.all(), skole], by=world.veileder)
    rektor = make_user(f"rektor.{skole.pk}@example.com")
    kontakt = kontakt_create(kommune=own.kommune, skole=skole, rolle=Kontakt.Rolle.REKTOR, navn="R", epost=rektor.email)
    kontakt_link_user(kontakt=kontakt, user=rektor)
    keys = [p["key"] for p in own.veiledning.programmal.innhold["egenvurdering"]]
    for fase, svar in (("baseline", "nei"), ("oppfolging", "ja")):
        egenvurdering_save(
            veiledning=own.veiledning, skole=skole, fase=fase, svar={k: {"svar": svar} for k in keys}, ferdig=True,
            by=rektor,
        )  # fmt: skip
    plan = handlingsplan_get_or_create(kommune=own.kommune, skole=skole, by=rektor)
    tiltak_create(
        plan=plan, by=rektor,
        fields={"beskrivelse": "Vakt", "omrade": "tiltak", "ansvarlig_rolle": "rektor",
                "frist": timezone.localdate() - timedelta(days=3)},
    )  # fmt: skip
    return skole


def _answers(evaluering, roles):
    evaluering = evaluering_set_window(
        evaluering=evaluering, apner_at=timezone.now() - timedelta(hours=1),
        lukker_at=timezone.now() + timedelta(days=1), by=None,
    )  # fmt: skip
    fritekst = [q["key"] for q in evaluering.sporsmal if q["type"] == "fritekst"]
    for i, rolle in enumerate(roles):
        answers = {"kunnskap": 4} | {k: f"hemmelig fritekst {i}" for k in fritekst}
        besvarelse_submit(evaluering=evaluering, device_token=f"tlf-{i}", answers=answers, rolle=rolle)
    return evaluering


def test_rektor_sees_neither_the_other_schools_egenvurdering_nor_their_plan_counts(client, world):
    other = _second_school(world)
    client.force_login(world.own.users["hms"])
    page = client.get(reverse("veiledning:detail", args=[world.own.veiledning.pk])).content.decode()
    assert other.navn not in page
    client.force_login(world.own.users["skoleeier"])  # the Kommune reads every school's
    page = client.get(reverse("veiledning:detail", args=[world.own.veiledning.pk])).content.decode()
    assert other.navn in page


def test_the_plans_overview_lists_only_the_rektors_own_school(client, world):
    other = _second_school(world)
    client.force_login(world.own.users["hms"])
    page = client.get(reverse("handlingsplan:oversikt", args=[world.own.kommune.orgnr])).content.decode()
    assert world.own.skole.navn in page and other.navn not in page
    assert reverse("handlingsplan:skole_plan", args=[other.pk]) not in page


def test_a_veileder_sees_the_kommunes_egenvurdering_total_only_from_three_schools(client, world):
    """A Kommune that does not share: no school's own scores, and no total of two schools
    (it would give away the other's); a total of three or more is an average, shown."""
    _second_school(world, "Skole to")
    keys = [p["key"] for p in world.own.veiledning.programmal.innhold["egenvurdering"]]
    for fase in ("baseline", "oppfolging"):
        egenvurdering_save(
            veiledning=world.own.veiledning, skole=world.own.skole, fase=fase,
            svar={k: {"svar": "delvis"} for k in keys}, ferdig=True, by=world.own.users["hms"],
        )  # fmt: skip
    client.force_login(world.veileder)
    url = reverse("veiledning:detail", args=[world.own.veiledning.pk])
    assert "Kommunen samlet" not in client.get(url).content.decode()
    _second_school(world, "Skole tre")
    page = client.get(url).content.decode()
    assert "Kommunen samlet" in page
    assert (
        reverse("veiledning:egenvurdering", args=[world.own.veiledning.pk, world.own.skole.pk, "baseline"]) not in page
    )


def test_the_closing_report_shows_the_hms_gruppe_no_evaluation(client, world, django_capture_on_commit_callbacks):
    _answers(world.own.seminar.evaluering, ["rektor", "annet", "annet", "annet", "annet", "annet"])
    client.force_login(world.own.users["hms"])
    url = reverse("pages:sluttrapport", args=[world.own.veiledning.pk])
    pdf_url = reverse("pages:sluttrapport_pdf", args=[world.own.veiledning.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pdf_url)
    for response in (client.get(url), client.get(pdf_url, {"last_ned": "1"})):
        assert response.status_code == 200
    assert client.get(pdf_url, {"last_ned": "1"})["Content-Type"] == "application/pdf"
    assert "Hvem svarte" not in client.get(url).content.decode()
    client.force_login(world.own.users["skoleeier"])  # aggregates, without the free text
    page = client.get(url).content.decode()
    assert "Hvem svarte" in page and "hemmelig fritekst" not in page


def test_the_evaluation_pdf_is_made_per_audience(client, world, django_capture_on_commit_callbacks):
    """The veileder's PDF (with free text) is never served to skoleeier from the cache."""
    evaluering = _answers(world.own.seminar.evaluering, ["annet"] * 6)
    url = reverse("evaluering:rapport", args=[evaluering.pk])
    client.force_login(world.veileder)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    import io

    from pypdf import PdfReader

    def text(response):
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)

    assert "hemmelig fritekst" in text(client.get(url, {"last_ned": "1"}))
    client.force_login(world.own.users["skoleeier"])
    assert client.get(url, {"last_ned": "1"}).get("Content-Type") != "application/pdf"  # not made for them yet
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    response = client.get(url, {"last_ned": "1"})
    assert response["Content-Type"] == "application/pdf" and "hemmelig fritekst" not in text(response)


def test_groups_under_five_are_left_out_of_every_breakdown(world):
    """A sole rektor is not shown by role: neither a mean nor a count."""
    from evaluering.selectors import results_for

    evaluering = _answers(world.own.seminar.evaluering, ["rektor"] + ["annet"] * 5)
    r = results_for(user=world.own.users["skoleeier"], evaluering=evaluering, language="nb")
    assert r["enough"] and r["skjult"]
    assert [label for label, _n in r["roles"]] == ["Annet"]
    assert all(b["n"] >= 5 for q in r["likert"] for b in q["by_role"])
    assert r["fritekst"] == []
    full = results_for(user=world.veileder, evaluering=evaluering, language="nb")
    assert len(full["roles"]) == 2 and full["fritekst"]


def test_under_five_answers_skoleeier_sees_no_aggregates(world):
    from evaluering.selectors import results_for

    evaluering = _answers(world.own.seminar.evaluering, ["annet"] * 4)
    r = results_for(user=world.own.users["skoleeier"], evaluering=evaluering, language="nb")
    assert not r["enough"] and r["likert"] == [] and r["roles"] == []


@pytest.mark.parametrize("persona", ["veileder", "admin", "hvo", "bht", "hms"])
def test_only_the_kommunes_employer_side_decides_sharing(client, world, persona):
    client.force_login(world.user(persona))
    response = client.post(reverse("kommuner:deler_innhold", args=[world.own.kommune.orgnr]), {"deler_innhold": "1"})
    assert response.status_code in (403, 404)
    world.own.kommune.refresh_from_db()
    assert not world.own.kommune.deler_innhold


def test_a_change_of_sharing_is_in_the_history_on_the_page_and_in_the_mail(
    client, world, django_capture_on_commit_callbacks
):
    kommune = world.own.kommune
    kontakt_create(kommune=kommune, rolle=Kontakt.Rolle.HMS_RADGIVER, navn="Helga", epost="helga@example.com")
    client.force_login(world.own.users["skoleeier"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kommuner:deler_innhold", args=[kommune.orgnr]), {"deler_innhold": "1"})
    assert response.status_code == 302
    kommune.refresh_from_db()
    assert kommune.deler_innhold
    (message,) = mail.outbox
    assert set(message.to) == {kommune.postmottak, "helga@example.com", world.own.users["skoleeier"].email}
    assert world.own.users["skoleeier"].navn in message.body
    client.force_login(world.own.users["hvo"])  # the parties see who decided it
    page = client.get(reverse("pages:kommune", args=[kommune.orgnr])).content.decode()
    assert "delte innholdet med veilederen" in page and world.own.users["skoleeier"].navn in page


def test_kommune_set_deler_innhold_refuses_a_veileder_in_the_service(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        kommune_set_deler_innhold(kommune=world.own.kommune, deler_innhold=True, by=world.veileder)


def test_another_veileder_cannot_start_a_second_veiledning_to_reach_shared_content(client, world):
    """Starting a Veiledning makes one a veileder of the Kommune: while one runs, another
    veileder is added by its veiledere, not by starting a second."""
    from veiledning.models import Veiledning

    kommune = world.own.kommune
    kommune_set_deler_innhold(kommune=kommune, deler_innhold=True, by=world.own.users["skoleeier"])
    stranger = make_user("fremmed.veileder@example.com", is_veileder=True)
    client.force_login(stranger)
    response = client.post(reverse("veiledning:create", args=[kommune.orgnr]), {"skoler": [world.own.skole.pk]})
    assert response.status_code == 200 and "har allerede en veiledning som pågår" in response.content.decode()
    assert Veiledning.objects.filter(kommune=kommune).count() == 1
    assert client.get(reverse("risikovurdering:rad", args=[world.own.rad.pk])).status_code == 404
