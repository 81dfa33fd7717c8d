from celery import shared_task

from pages.retention import personopplysninger_delete_expired


@shared_task
def delete_expired_personal_data() -> int:
    """Every night: the personal data the privacy statement says is kept no longer.
    Returns how many Veiledninger had data deleted."""
    return len(personopplysninger_delete_expired().veiledninger)
