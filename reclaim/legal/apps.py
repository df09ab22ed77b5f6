from __future__ import annotations

from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "reclaim.legal"
    label = "legal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Reminders on the task list and a home panel; the legal menu entries (nav.py).
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.cases.panels import register_home_panel
        from reclaim.cases.tasklist import register_task_source
        from reclaim.legal.nav import legal_nav
        from reclaim.legal.task_sources import deadline_count, deadline_tasks, deadlines_panel

        register_task_source(deadline_tasks, count=deadline_count)
        register_home_panel(deadlines_panel)
        register_nav_source(legal_nav)

        # The relief a case's matters obtained, in the overview's closure details: the case gate's read says
        # whether there is any (cases.selectors.register_case_page_mark).
        from reclaim.cases.selectors import register_case_page_mark
        from reclaim.legal.outcomes import has_granted_relief

        register_case_page_mark("has_granted_relief", has_granted_relief)
