from __future__ import annotations

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "reclaim.assessments"
    label = "assessments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reclaim.assessments.panels import alerts_panel, overdue_panel
        from reclaim.cases.panels import register_home_panel

        register_home_panel(alerts_panel)
        register_home_panel(overdue_panel)

        from reclaim.assessments.task_sources import alert_count, alert_tasks, reassessment_count, reassessment_tasks
        from reclaim.cases.tasklist import register_task_source

        register_task_source(alert_tasks, count=alert_count)
        register_task_source(reassessment_tasks, count=reassessment_count, bounded=True)

        # The set-up guide of a new agency (issue 14): which questionnaires to use.
        from reclaim.accounts.setup_guide import register_setup_step
        from reclaim.assessments.setup_steps import instruments_step

        register_setup_step(instruments_step)

        # A case's stage and intake date move its stored due dates (schedule_actions' docstring): cases
        # cannot import assessments, so the change reaches us through its timeline, in its transaction.
        from reclaim.assessments.schedule_actions import on_case_event
        from reclaim.cases.events import register_event_listener

        register_event_listener(on_case_event)

        # The alert banner on every case page: the case gate's read says whether the case has an open alert, so
        # the banner spends no query on the cases that have none.
        from reclaim.assessments.selectors import has_open_alerts
        from reclaim.cases.selectors import register_case_page_mark

        register_case_page_mark("has_open_alerts", has_open_alerts)
