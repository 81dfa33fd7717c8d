from celery import shared_task

from core.services import heartbeat_record


@shared_task
def heartbeat(source: str = "celery") -> int:
    return heartbeat_record(source=source).pk


@shared_task
def send_due_reminders() -> int:
    from core.reminders import paminnelser_send_due

    return paminnelser_send_due()


@shared_task
def render_report(rapport_id: int) -> None:
    from core.reports import rapport_render

    rapport_render(rapport_id=rapport_id)


@shared_task
def plan_weekly_digests() -> int:
    from handlingsplan.mail import overdue_digests_plan

    return overdue_digests_plan()
