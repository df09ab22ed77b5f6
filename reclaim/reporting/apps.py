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
        # Dashboards by role (dashboards_nav.py).
        from reclaim.reporting.dashboards_nav import dashboards_nav

        register_nav_source(dashboards_nav)
