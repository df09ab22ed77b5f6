from __future__ import annotations

from django.apps import AppConfig


class ConnectConfig(AppConfig):
    name = "reclaim.connect"
    label = "connect"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Survivor portal access"
