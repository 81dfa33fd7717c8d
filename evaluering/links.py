from django.conf import settings
from django.urls import reverse

from evaluering.models import Evaluering


def public_url(evaluering: Evaluering) -> str:
    """The address on the QR code and in the reminders: the public form, by its token."""
    return settings.SITE_URL + reverse("evaluering:svar", args=[evaluering.token])
