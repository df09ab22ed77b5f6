from __future__ import annotations

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "reclaim.services"
    label = "services"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Group programs: the "Groups" menu entry and the task of taking attendance.
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.cases.tasklist import register_task_source
        from reclaim.services.group_tasks import groups_nav, sessions_count, sessions_without_attendance

        register_nav_source(groups_nav)
        register_task_source(sessions_without_attendance, count=sessions_count)
