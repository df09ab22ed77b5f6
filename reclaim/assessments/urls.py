from __future__ import annotations

from django.urls import path

from reclaim.assessments.views import outcomes

app_name = "assessments"

urlpatterns = [
    # Outcome domains (DOMAIN.md §6.2)
    path("cases/<uuid:case_id>/outcomes/", outcomes.case_outcomes, name="case_outcomes"),
    path("cases/<uuid:case_id>/outcomes/rate/", outcomes.case_outcomes_rate, name="rate_outcomes"),
    path("cases/<uuid:case_id>/outcomes/<uuid:rating_id>/", outcomes.case_outcomes_edit, name="edit_outcome_rating"),
    path("settings/outcome-scale/", outcomes.outcome_scale_settings, name="outcome_scale"),
]
