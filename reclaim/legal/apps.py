from __future__ import annotations

from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "reclaim.legal"
    label = "legal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Reminders on the task list and a home panel; menu entries "Legal deadlines" (case workers) and
        # "Legal outcomes" (directors, supervisors and analysts).
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.cases.panels import register_home_panel
        from reclaim.cases.tasklist import register_task_source
        from reclaim.legal.nav import outcomes_nav
        from reclaim.legal.task_sources import deadline_tasks, deadlines_nav, deadlines_panel

        register_task_source(deadline_tasks)
        register_home_panel(deadlines_panel)
        register_nav_source(deadlines_nav)
        register_nav_source(outcomes_nav)
