from __future__ import annotations

from django.urls import path

from reclaim.reporting.views import policy

app_name = "reporting"

urlpatterns = [
    path("reporting/settings/", policy.policy, name="policy"),
]
