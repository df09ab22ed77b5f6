from __future__ import annotations

from django.urls import path

from reclaim.reporting.views import jobs, policy

app_name = "reporting"

urlpatterns = [
    path("reporting/settings/", policy.policy, name="policy"),
    path("reporting/jobs/", jobs.job_list, name="jobs"),
    path("reporting/jobs/<uuid:job_id>/", jobs.job_detail, name="job"),
]

# Dashboards by role (helper "dashboards", issue 8 item 1).
from reclaim.reporting.views import dashboards as dashboard_views  # noqa: E402

urlpatterns += [
    path("dashboards/caseload/", dashboard_views.dashboard_caseload, name="dashboard_caseload"),
    path("dashboards/team/", dashboard_views.dashboard_team, name="dashboard_team"),
    path("dashboards/program/", dashboard_views.dashboard_program, name="dashboard_program"),
    path("dashboards/<slug:board>/<slug:chart>.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
]
