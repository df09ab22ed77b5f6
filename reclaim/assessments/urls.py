from __future__ import annotations

from django.urls import path

from reclaim.assessments import views

app_name = "assessments"

# Included at the site root: the case tab sits under /cases/<id>/.
urlpatterns = [
    path("cases/<uuid:case_id>/assessments/", views.case_assessments, name="case_assessments"),
    path("cases/<uuid:case_id>/assessments/take/<slug:code>/", views.take_assessment, name="take"),
    path("cases/<uuid:case_id>/assessments/<uuid:assessment_id>/", views.assessment_detail, name="detail"),
    path(
        "cases/<uuid:case_id>/assessment-alerts/<uuid:alert_id>/acknowledge/",
        views.acknowledge_alert,
        name="acknowledge_alert",
    ),
]
