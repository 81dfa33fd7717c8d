"""The demo shows the owner's view (issue 18): a school that has answered the Kommune's
status request, and a school's needs from the Kommune on the kommune page."""

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.handlingsplaner import NEEDS, STATUS_ANSWER
from handlingsplan.models import Statussvar


def test_the_demo_has_a_school_that_answered_a_status_request(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # again: nothing twice
    svar = Statussvar.objects.select_related("foresporsel__kommune").get()
    kommune = svar.foresporsel.kommune
    assert svar.foresporsel.skoler.count() == 2
    client = Client()
    client.force_login(User.objects.get(email="skoleeier@example.com"))
    page = client.get(reverse("handlingsplan:statusforesporsler", args=[kommune.orgnr])).content.decode()
    assert STATUS_ANSWER["nb"][:40] in page and "1 av 2" in page
    kommune_page = client.get(reverse("pages:kommune", args=[kommune.orgnr])).content.decode()
    assert NEEDS["nb"] in kommune_page
    client.force_login(User.objects.get(email="rektor@example.com"))
    home = client.get(reverse("pages:home")).content.decode()
    assert "Kommunen spør" in home and "Endre svaret" in home
