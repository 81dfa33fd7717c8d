from celery import shared_task

from handlingsplan.reminders import overdue_digests_plan


@shared_task
def plan_weekly_digests() -> int:
    """Monday morning: the week's digest of overdue Tiltak, as reminder rows."""
    return overdue_digests_plan()
