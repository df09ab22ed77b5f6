from __future__ import annotations

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "reclaim.outreach"
    label = "outreach"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Community: campaigns, events, training, volunteers"

    def ready(self) -> None:
        # "Outreach" menu entries for whoever runs campaigns, training or volunteers; "My training" for all staff.
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.outreach.nav import outreach_nav

        register_nav_source(outreach_nav)
        # Events: open follow-ups on their owner's task list.
        from reclaim.cases.tasklist import register_task_source
        from reclaim.outreach.events_task_sources import event_follow_up_count, event_follow_up_tasks

        register_task_source(event_follow_up_tasks, count=event_follow_up_count)
        # Volunteers: link a volunteer's new sign-in when they accept their invitation.
        from reclaim.accounts.actions import register_invitation_acceptance_hook
        from reclaim.outreach.volunteers_actions import link_volunteer_on_acceptance

        register_invitation_acceptance_hook(link_volunteer_on_acceptance)

        # Block until trained: survivors and cases are hidden from a member the agency requires to complete
        # trauma-informed care first (the condition rides inside people's and cases' scoped queries).
        # Whether the member is blocked is read with the membership (accounts), not inside each query.
        from reclaim.accounts.selectors import register_membership_fact
        from reclaim.outreach.training_gate import BLOCKED, blocked_fact, open_to_trained
        from reclaim.people.selectors import register_member_gate

        register_membership_fact(BLOCKED, blocked_fact)
        register_member_gate(open_to_trained)
        # Staff training (issue 10 item 3): required courses missing or expiring on the staff member's task list.
        from reclaim.outreach.training_tasks import required_training_count, required_training_tasks

        register_task_source(required_training_tasks, count=required_training_count)
