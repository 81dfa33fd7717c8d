"""One click to a PDF (issue 17): a real user needed three steps (Rapport -> Lag rapporten ->
wait -> Last ned). The button now starts the job, the same box shows progress and then the
download; a cached report downloads at once."""

from django.urls import reverse

from core.models import Rapport

HX = {"HTTP_HX_REQUEST": "true"}


def _url(world):
    return reverse("risikovurdering:rapport", args=[world.own.vurdering.pk])


def test_the_button_starts_the_job_and_the_same_box_shows_progress(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.own.users["hms"])
    url = _url(world)
    with django_capture_on_commit_callbacks(execute=False) as jobs:
        box = client.post(url, {"boks": "risiko-pdf"}, **HX).content.decode()
    assert len(jobs) == 1 and Rapport.objects.get().state == "venter"
    # The box, not a page: it polls itself and will start the download when ready.
    assert "<html" not in box and 'id="risiko-pdf"' in box
    assert f'hx-get="{url}?status=1&amp;auto=1&amp;boks=risiko-pdf"' in box and "Rapporten lages" in box
    jobs[0]()  # the worker's turn
    ready = client.get(url, {"status": "1", "auto": "1", "boks": "risiko-pdf"}).content.decode()
    assert f'href="{url}?last_ned=1" data-auto-download' in ready and 'id="risiko-pdf"' in ready
    assert client.get(url, {"last_ned": "1"})["Content-Type"] == "application/pdf"


def test_a_cached_report_downloads_at_once(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.own.users["hms"])
    url = _url(world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, **HX)
    assert Rapport.objects.get().state == "klar"
    box = client.post(url, **HX).content.decode()  # htmx: the download link, clicked by itself
    assert "data-auto-download" in box and "hx-get" not in box
    plain = client.post(url)  # without JavaScript: straight to the file
    assert plain.status_code == 302 and plain["Location"] == f"{url}?last_ned=1"
    assert Rapport.objects.count() == 1


def test_a_hostile_box_id_is_not_echoed(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.own.users["hms"])
    with django_capture_on_commit_callbacks(execute=False):
        box = client.post(_url(world), {"boks": '"><script>x</script>'}, **HX).content.decode()
    assert "<script>x" not in box and 'id="rapport-status"' in box
