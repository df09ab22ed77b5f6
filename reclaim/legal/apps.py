from __future__ import annotations

from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "reclaim.legal"
    label = "legal"
    default_auto_field = "django.db.models.BigAutoField"
