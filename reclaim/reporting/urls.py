from __future__ import annotations

from django.urls import path

from reclaim.reporting.views import jobs, policy

app_name = "reporting"

urlpatterns = [
    path("reporting/settings/", policy.policy, name="policy"),
    path("reporting/jobs/", jobs.job_list, name="jobs"),
    path("reporting/jobs/<uuid:job_id>/", jobs.job_detail, name="job"),
]
