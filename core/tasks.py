from celery import shared_task

from core.services import heartbeat_record


@shared_task
def heartbeat(source: str = "celery") -> int:
    return heartbeat_record(source=source).pk


@shared_task
def send_due_reminders() -> int:
    from core.reminders import paminnelser_send_due

    return paminnelser_send_due()
