from __future__ import annotations

from django.apps import AppConfig


class ConnectConfig(AppConfig):
    name = "reclaim.connect"
    label = "connect"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Survivor portal access"

    def ready(self) -> None:
        # Task sources and home panels for staff (check-ins asking for help, consents taken back, messages).
        from reclaim.cases.panels import register_home_panel  # noqa: F401
        from reclaim.cases.tasklist import register_task_source  # noqa: F401

        # The survivor's own page (issue 9 item 4): consents taken back in the portal, on the task list.
        from reclaim.connect.portal_tasks import register as register_my_page_tasks

        register_my_page_tasks()
