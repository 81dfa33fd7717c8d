from celery import shared_task

from veiledning.mail import invitation_letter_send
from veiledning.models import Veiledning


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def deliver_invitation_letter(veiledning_id: int) -> None:
    invitation_letter_send(veiledning=Veiledning.objects.get(pk=veiledning_id))
