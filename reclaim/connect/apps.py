from __future__ import annotations

from django.apps import AppConfig


class ConnectConfig(AppConfig):
    name = "reclaim.connect"
    label = "connect"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Survivor portal access"

    def ready(self) -> None:
        # Task sources and home panels for staff (check-ins asking for help, consents taken back, messages).
        from reclaim.cases.panels import register_home_panel
        from reclaim.cases.tasklist import register_task_source
        from reclaim.connect.task_sources import (
            check_in_count,
            check_in_tasks,
            unread_messages_panel,
            urgent_check_ins_panel,
        )

        register_task_source(check_in_tasks, count=check_in_count)
        register_home_panel(urgent_check_ins_panel)
        register_home_panel(unread_messages_panel)

        # "Portal settings" in the menu of agency admins and program directors.
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.connect.nav import portal_nav

        register_nav_source(portal_nav)

        # The survivor's own page (issue 9 item 4): consents taken back in the portal, on the task list.
        from reclaim.connect.portal_tasks import register as register_my_page_tasks

        register_my_page_tasks()
