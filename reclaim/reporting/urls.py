from __future__ import annotations

from django.urls import path

from reclaim.reporting.views import exports, jobs, network, policy, reports

app_name = "reporting"

urlpatterns = [
    path("reporting/settings/", policy.policy, name="policy"),
    path("reporting/jobs/", jobs.job_list, name="jobs"),
    path("reporting/jobs/<uuid:job_id>/", jobs.job_detail, name="job"),
    # Funder reports.
    path("reports/", reports.reports, name="reports"),
    path("reports/run/", reports.report_run, name="report_run"),
    path("reporting/jobs/<uuid:job_id>/report.csv", reports.job_csv, name="job_csv"),
    # De-identified exports and the network-wide count.
    path("exports/", exports.exports, name="exports"),
    path("exports/run/", exports.export_run, name="export_run"),
    path("reporting/jobs/<uuid:job_id>/export.<str:fmt>", exports.export_download, name="export_download"),
    path("reporting/network/", network.network, name="network"),
]
