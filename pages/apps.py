from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The pages that combine the apps (home, outbox, statements) and the privacy
    operations: the top layer, above the domain apps (DESIGN.md §10)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"

    def ready(self):
        from core.reports import register_report
        from pages import reports

        register_report("sluttrapport", reports.closing_report_pdf)
