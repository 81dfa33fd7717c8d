"""The platform's jobs: thin, each loads by id and calls a service. The report render is
defined beside the report service (core/reports.py) and registered under this module's name."""

from celery import shared_task

from core.reminders import paminnelser_send_due
from core.reports import render_report  # noqa: F401 (the worker finds it as core.tasks.render_report)
from core.services import heartbeat_record


@shared_task
def heartbeat(source: str = "celery") -> int:
    return heartbeat_record(source=source).pk


@shared_task
def send_due_reminders() -> int:
    return paminnelser_send_due()
