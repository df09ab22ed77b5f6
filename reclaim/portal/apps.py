from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "reclaim.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Survivor portal"

    def ready(self) -> None:
        # Sections of the signed-in home (home.py): each feature module registers its provider here.
        from reclaim.portal.home import register_home_section
        from reclaim.portal.talk_sections import messages_section

        register_home_section(messages_section)

        # The survivor's own page (issue 9 item 4): meetings, questionnaires, goals, documents, consents.
        from reclaim.portal.my_sections import register as register_my_page_sections

        register_my_page_sections()
