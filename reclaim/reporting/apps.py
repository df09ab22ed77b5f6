from __future__ import annotations

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reclaim.reporting"
    label = "reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Menu entries (one source per kind of page) and the kinds of background job (jobs.py).
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.reporting.dashboards_nav import dashboards_nav
        from reclaim.reporting.exports.runner import KIND as EXPORT_KIND
        from reclaim.reporting.exports.runner import run_export
        from reclaim.reporting.exports_nav import exports_nav
        from reclaim.reporting.jobs import JobKindSpec, register_kind
        from reclaim.reporting.nav import reporting_nav
        from reclaim.reporting.network import KIND as NETWORK_KIND
        from reclaim.reporting.network import run_network_count
        from reclaim.reporting.reports.runner import run_report
        from reclaim.reporting.reports_nav import reports_nav

        for source in (dashboards_nav, reports_nav, exports_nav, reporting_nav):
            register_nav_source(source)
        register_kind(JobKindSpec("report", run_report, "Report", api_result=True))
        register_kind(JobKindSpec(EXPORT_KIND, run_export, "De-identified export", api_result=False))
        register_kind(JobKindSpec(NETWORK_KIND, run_network_count, "Network-wide count", api_result=True))

        # The set-up guide of a new agency (issue 14): report templates.
        from reclaim.accounts.setup_guide import register_setup_step
        from reclaim.reporting.setup_steps import reports_step

        register_setup_step(reports_step)
