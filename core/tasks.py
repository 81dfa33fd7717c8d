"""The platform's jobs: thin, each loads by id and calls a service. The report render is
defined beside the report service (core/reports.py) and registered under this module's name."""

import logging

from celery import shared_task

from core.reminders import paminnelser_send_due
from core.reports import render_report  # noqa: F401 (the worker finds it as core.tasks.render_report)
from core.services import heartbeat_record

logger = logging.getLogger(__name__)


@shared_task
def heartbeat(source: str = "celery") -> int:
    pk = heartbeat_record(source=source).pk
    logger.info("heartbeat from %s", source)  # carries the id of the request that asked, if one did
    return pk


@shared_task
def send_due_reminders() -> int:
    return paminnelser_send_due()
