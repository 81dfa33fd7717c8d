from django.utils import timezone

from core.models import Heartbeat


def heartbeat_record(*, source: str = "celery") -> Heartbeat:
    """The periodic job's proof of life; keeps only the latest 100 beats."""
    beat = Heartbeat.objects.create(beat_at=timezone.now(), source=source)
    stale = Heartbeat.objects.order_by("-beat_at").values_list("pk", flat=True)[100:]
    Heartbeat.objects.filter(pk__in=list(stale)).delete()
    return beat
