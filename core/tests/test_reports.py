"""A report that hits its time limit or memory ceiling fails with a clear message to the
person who asked, in their language, with a way to try again (issue 15, item 4)."""

import pytest
from billiard.exceptions import WorkerLostError
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.urls import reverse

from core import reports
from core.models import Rapport
from core.tasks import render_report


@pytest.fixture
def page(client, world):
    client.force_login(world.own.users["hms"])
    return reverse("risikovurdering:rapport", args=[world.own.vurdering.pk])


def _ask(client, url: str, capture, language: str = "nb") -> Rapport:
    with capture(execute=True):  # the job runs inline, as the worker would
        assert client.post(url).status_code == 302
    return Rapport.objects.get(language=language)


def _speaks(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def test_a_report_past_its_time_limit_says_so_and_can_be_tried_again(
    client, world, page, monkeypatch, django_capture_on_commit_callbacks
):
    def endless(*args) -> bytes:
        raise SoftTimeLimitExceeded()

    monkeypatch.setitem(reports.BUILDERS, "risikovurdering", endless)
    rapport = _ask(client, page, django_capture_on_commit_callbacks)
    assert rapport.state == "feilet" and rapport.failure == "tid"

    body = client.get(page).content.decode()
    assert "Rapporten tok for lang tid å lage og ble stoppet." in body
    assert "Prøv igjen" in body
    _speaks(world.own.users["hms"], "en")  # an English reader gets the bokmål PDF, told why in English
    assert "The report took too long to generate and was stopped." in client.get(page).content.decode()
    _speaks(world.own.users["hms"], "nn")  # a nynorsk reader asks for the nynorsk PDF
    assert _ask(client, page, django_capture_on_commit_callbacks, language="nn").failure == "tid"
    assert "Rapporten tok for lang tid å lage og vart stoppa." in client.get(page).content.decode()

    _speaks(world.own.users["hms"], "nb")
    monkeypatch.undo()  # the data got smaller, or the worker less busy: trying again works
    rapport = _ask(client, page, django_capture_on_commit_callbacks)
    assert rapport.state == "klar" and rapport.failure == ""


def test_a_report_past_its_memory_ceiling_fails_and_the_ceiling_is_lifted_after(
    client, page, monkeypatch, settings, django_capture_on_commit_callbacks
):
    resource = pytest.importorskip("resource")
    settings.REPORT_MEMORY_LIMIT_MB = 100
    before = resource.getrlimit(resource.RLIMIT_AS)

    def huge(*args) -> bytes:
        return bytes(bytearray(4 * 1024**3)[:1])

    monkeypatch.setitem(reports.BUILDERS, "risikovurdering", huge)
    rapport = _ask(client, page, django_capture_on_commit_callbacks)
    assert rapport.state == "feilet" and rapport.failure == "minne"
    assert "Rapporten ble for stor til å lages og ble stoppet." in client.get(page).content.decode()
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_a_render_whose_process_died_is_not_started_again(client, page, django_capture_on_commit_callbacks, world):
    """The worker's process died mid-render (acks_late gives the message back): running it
    again could kill the next process too, so it fails instead."""
    with django_capture_on_commit_callbacks(execute=False):
        client.post(page)
    rapport = Rapport.objects.get()
    rapport.state = "lages"
    rapport.save(update_fields=["state"])
    render_report.delay(rapport.pk)
    rapport.refresh_from_db()
    assert rapport.state == "feilet" and rapport.failure == "avbrutt" and rapport.pdf is None
    assert "Rapporten ble avbrutt underveis." in client.get(page).content.decode()


@pytest.mark.parametrize(
    ("error", "failure"), [(TimeLimitExceeded(150), "tid"), (WorkerLostError("killed"), "avbrutt")]
)
def test_a_render_ended_from_outside_is_marked_failed(client, page, django_capture_on_commit_callbacks, error, failure):
    """The hard time limit kills the process before it can say anything; the worker's main
    process reports the failure through the task's on_failure."""
    with django_capture_on_commit_callbacks(execute=False):
        client.post(page)
    rapport = Rapport.objects.get()
    rapport.state = "lages"
    rapport.save(update_fields=["state"])
    render_report.on_failure(error, "task-id", (rapport.pk,), {}, None)
    rapport.refresh_from_db()
    assert rapport.state == "feilet" and rapport.failure == failure
