from celery import shared_task

from core.services import heartbeat_record


@shared_task
def heartbeat(source: str = "celery") -> int:
    return heartbeat_record(source=source).pk
