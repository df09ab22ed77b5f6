from __future__ import annotations

from django.urls import path

from reclaim.assessments.views import assessments as views
from reclaim.assessments.views import outcomes, progress, schedules

app_name = "assessments"

# Included at the site root: the case tabs sit under /cases/<id>/.
urlpatterns = [
    path("cases/<uuid:case_id>/assessments/", views.case_assessments, name="case_assessments"),
    path("cases/<uuid:case_id>/assessments/take/<slug:code>/", views.take_assessment, name="take"),
    path("cases/<uuid:case_id>/assessments/<uuid:assessment_id>/", views.assessment_detail, name="detail"),
    path(
        "cases/<uuid:case_id>/assessment-alerts/<uuid:alert_id>/acknowledge/",
        views.acknowledge_alert,
        name="acknowledge_alert",
    ),
    # Outcome domains (DOMAIN.md §6.2)
    path("cases/<uuid:case_id>/outcomes/", outcomes.case_outcomes, name="case_outcomes"),
    path("cases/<uuid:case_id>/outcomes/rate/", outcomes.case_outcomes_rate, name="rate_outcomes"),
    path("cases/<uuid:case_id>/outcomes/<uuid:rating_id>/", outcomes.case_outcomes_edit, name="edit_outcome_rating"),
    path("settings/outcome-scale/", outcomes.outcome_scale_settings, name="outcome_scale"),
    # Reassessment schedules (DOMAIN.md §6.2 cadence)
    path("assessments/due/", schedules.due_list, name="due"),
    path("assessments/instruments/", views.instrument_library, name="library"),
    path("settings/assessment-plans/", schedules.plan_settings, name="plans"),
    path("settings/assessment-plans/<slug:code>/", schedules.plan_edit, name="plan_edit"),
    # Progress over time (issue 4 item 7): per case, and the program's cohort view (aggregates only)
    path("cases/<uuid:case_id>/progress/", progress.case_progress, name="case_progress"),
    path("assessments/cohort/", progress.cohort, name="cohort"),
]
