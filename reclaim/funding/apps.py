from __future__ import annotations

from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "reclaim.funding"
    label = "funding"
    default_auto_field = "django.db.models.BigAutoField"
