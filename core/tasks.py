from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from django.conf import settings

from core.models import Rapport
from core.reports import rapport_fail, rapport_render
from core.services import heartbeat_record


@shared_task
def heartbeat(source: str = "celery") -> int:
    return heartbeat_record(source=source).pk


@shared_task
def send_due_reminders() -> int:
    from core.reminders import paminnelser_send_due

    return paminnelser_send_due()


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Also runs in the worker's main process after the hard time limit killed the render,
        which could not say why itself."""
        failure = Rapport.Failure.TID if isinstance(exc, TimeLimitExceeded) else Rapport.Failure.AVBRUTT
        rapport_fail(rapport_id=args[0], failure=failure, error=repr(exc))


# On the "rapporter" queue (settings.CELERY_TASK_ROUTES), with a time limit per render: soft
# stops it with a message; hard kills its process if it is stuck where the soft one cannot reach.
@shared_task(base=ReportTask, soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT, time_limit=settings.REPORT_TIME_LIMIT)
def render_report(rapport_id: int) -> None:
    rapport_render(rapport_id=rapport_id)
