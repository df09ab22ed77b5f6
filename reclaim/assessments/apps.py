from __future__ import annotations

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "reclaim.assessments"
    label = "assessments"
    default_auto_field = "django.db.models.BigAutoField"
