from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "reclaim.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Survivor portal"
