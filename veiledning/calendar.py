"""An .ics for a Samling, times in Europe/Oslo."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from veiledning.models import Samling


def samling_ics(samling: Samling) -> bytes:
    oslo = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Arbeidstilsynet//Vold og trusler i skolen//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"samling-{samling.pk}@vts")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", samling.start.astimezone(oslo))
    event.add("dtend", samling.slutt.astimezone(oslo))
    event.add("summary", f"{samling.get_type_display().capitalize()}: {samling.veiledning.kommune.navn}")
    location = samling.teams_lenke or samling.sted
    if location:
        event.add("location", location)
    if samling.avlyst:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
