from __future__ import annotations

from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "reclaim.consent"
    label = "consent"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reclaim.cases.tasklist import register_task_source
        from reclaim.consent.task_sources import expiring_consent_count, expiring_consent_tasks

        register_task_source(expiring_consent_tasks, count=expiring_consent_count)

        # The set-up guide of a new agency (issue 14): how the team takes consent.
        from reclaim.accounts.setup_guide import register_setup_step
        from reclaim.consent.setup_steps import consent_step, templates_nav

        register_setup_step(consent_step)

        # The agency admin's consent templates page in the menu.
        from reclaim.accounts.context_processors import register_nav_source

        register_nav_source(templates_nav)
