from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "reclaim.plans"
    label = "plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reclaim.cases.tasklist import register_task_source
        from reclaim.plans.tasklist import (
            open_plan_count,
            open_plan_tasks,
            plan_review_count,
            plan_reviews_due,
            reviews_to_sign_off,
            sign_off_count,
        )

        register_task_source(open_plan_tasks, count=open_plan_count, bounded=True)
        register_task_source(plan_reviews_due, count=plan_review_count, bounded=True)
        register_task_source(reviews_to_sign_off, count=sign_off_count)
