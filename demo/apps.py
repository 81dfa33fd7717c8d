from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of `make run` and the national data set of the benchmarks: built
    through every app's services, so it sits above them all (DESIGN.md §10)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
