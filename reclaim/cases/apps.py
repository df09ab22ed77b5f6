from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "reclaim.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reclaim.cases.panels import register_home_panel
        from reclaim.cases.task_sources import (
            approval_count,
            approval_tasks,
            follow_up_count,
            follow_up_tasks,
            tasks_panel,
            urgent_need_count,
            urgent_need_tasks,
        )
        from reclaim.cases.tasklist import register_task_source

        # counted from the urgent needs the home page lists anyway (one read for both)
        register_task_source(urgent_need_tasks, count=urgent_need_count)
        register_task_source(follow_up_tasks, count=follow_up_count, bounded=True)
        register_task_source(approval_tasks, count=approval_count)
        register_home_panel(tasks_panel)
