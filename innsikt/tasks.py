from celery import shared_task

from innsikt.services import grunnlag_refresh


@shared_task
def refresh() -> int:
    """Every quarter hour: the national picture's summary tables. Returns the schools counted."""
    return grunnlag_refresh().skoler
