from __future__ import annotations

from django.urls import path

from reclaim.reporting.views import dashboards, exports, jobs, network, policy, reports

app_name = "reporting"

urlpatterns = [
    path("reporting/settings/", policy.policy, name="policy"),
    path("reporting/jobs/", jobs.job_list, name="jobs"),
    path("reporting/jobs/<uuid:job_id>/", jobs.job_detail, name="job"),
    # Dashboards by role.
    path("dashboards/caseload/", dashboards.dashboard_caseload, name="dashboard_caseload"),
    path("dashboards/team/", dashboards.dashboard_team, name="dashboard_team"),
    path("dashboards/program/", dashboards.dashboard_program, name="dashboard_program"),
    path("dashboards/<slug:board>/<slug:chart>.csv", dashboards.dashboard_csv, name="dashboard_csv"),
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
