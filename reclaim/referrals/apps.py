from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "reclaim.referrals"
    label = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Closed-loop referrals: task-list sources.
        from reclaim.cases.tasklist import register_task_source
        from reclaim.referrals.referral_tasks import (
            escalated_referral_count,
            escalated_referral_tasks,
            incoming_referral_count,
            incoming_referral_tasks,
            referral_outcome_count,
            referral_outcome_tasks,
        )

        register_task_source(incoming_referral_tasks, count=incoming_referral_count)
        register_task_source(escalated_referral_tasks, count=escalated_referral_count)
        register_task_source(referral_outcome_tasks, count=referral_outcome_count)

        # The agency profile page (issue 14): what partners see, from the agency's own directory entry.
        from reclaim.accounts.agency_profile import register_profile_section
        from reclaim.referrals.directory_profile import directory_profile_section

        register_profile_section(directory_profile_section)
