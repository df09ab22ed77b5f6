from __future__ import annotations

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reclaim.reporting"
    label = "reporting"
    default_auto_field = "django.db.models.BigAutoField"
