from __future__ import annotations

from django.apps import AppConfig


class InteropConfig(AppConfig):
    """Data in and out in the formats the field speaks: legacy spreadsheet import, FHIR R4, webhooks.
    An interface layer: it reads and writes through the domains' selectors and actions."""

    name = "reclaim.interop"
    label = "interop"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Interoperability: imports, FHIR, webhooks"

    def ready(self) -> None:
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.interop.nav import interop_nav

        register_nav_source(interop_nav)

        # The set-up guide of a new agency (issue 14): importing earlier records.
        from reclaim.accounts.setup_guide import register_setup_step
        from reclaim.interop.setup_steps import import_step

        register_setup_step(import_step)

        # Webhooks (issue 11 item 5): every committed timeline row may become a webhook event.
        from reclaim.cases.events import register_event_listener
        from reclaim.interop.webhooks_actions import on_case_event

        register_event_listener(on_case_event)
