from __future__ import annotations

from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "reclaim.legal"
    label = "legal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # helper "outcomes": the "Legal outcomes" menu entry for directors, supervisors and analysts
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.legal.nav import outcomes_nav

        register_nav_source(outcomes_nav)
