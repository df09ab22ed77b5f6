from __future__ import annotations

from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "reclaim.scheduling"
    label = "scheduling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reclaim.cases.tasklist import register_task_source
        from reclaim.scheduling.tasklist import appointment_count, appointment_tasks

        register_task_source(appointment_tasks, count=appointment_count)
