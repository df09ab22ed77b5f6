from __future__ import annotations

from django.urls import path

from reclaim.reporting.views import jobs, policy

app_name = "reporting"

urlpatterns = [
    path("reporting/settings/", policy.policy, name="policy"),
    path("reporting/jobs/", jobs.job_list, name="jobs"),
    path("reporting/jobs/<uuid:job_id>/", jobs.job_detail, name="job"),
]

from reclaim.reporting.views import reports as report_views  # noqa: E402  (funder reports, issue 8)

urlpatterns += [
    path("reports/", report_views.reports, name="reports"),
    path("reports/run/", report_views.report_run, name="report_run"),
    path("reporting/jobs/<uuid:job_id>/report.csv", report_views.job_csv, name="job_csv"),
]
