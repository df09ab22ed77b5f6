from __future__ import annotations

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reclaim.reporting"
    label = "reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The settings page in the menu (nav.py).
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.reporting.nav import reporting_nav

        register_nav_source(reporting_nav)
        # Funder reports (issue 8): the "report" job kind and the menu entry.
        from reclaim.reporting.jobs import JobKindSpec, register_kind
        from reclaim.reporting.reports.runner import run_report
        from reclaim.reporting.reports_nav import reports_nav

        register_kind(JobKindSpec("report", run_report, "Report", api_result=True))
        register_nav_source(reports_nav)
