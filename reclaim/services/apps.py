from __future__ import annotations

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "reclaim.services"
    label = "services"
    default_auto_field = "django.db.models.BigAutoField"
