from __future__ import annotations

from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "reclaim.legal"
    label = "legal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Deadlines: reminders on the task list, a home panel, and the "Legal deadlines" menu entry.
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.cases.panels import register_home_panel
        from reclaim.cases.tasklist import register_task_source
        from reclaim.legal.task_sources import deadline_tasks, deadlines_nav, deadlines_panel

        register_task_source(deadline_tasks)
        register_home_panel(deadlines_panel)
        register_nav_source(deadlines_nav)
