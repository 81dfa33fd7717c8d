from django.apps import AppConfig


class InnsiktConfig(AppConfig):
    """What the programme learns (issue 21): the national picture, the programme's measured
    effect and the research export, read from summary tables a periodic job rebuilds. Above
    the domain apps, beside the pages (DESIGN.md §10)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "innsikt"
    verbose_name = "Innsikt"
