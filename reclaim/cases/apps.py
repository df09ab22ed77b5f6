from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "reclaim.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reclaim.cases.panels import register_home_panel
        from reclaim.cases.task_sources import approval_tasks, follow_up_tasks, tasks_panel, urgent_need_tasks
        from reclaim.cases.tasklist import register_task_source

        for source in (urgent_need_tasks, follow_up_tasks, approval_tasks):
            register_task_source(source)
        register_home_panel(tasks_panel)
