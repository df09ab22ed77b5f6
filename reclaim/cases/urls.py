from __future__ import annotations

from django.urls import path

from reclaim.cases.views import case as views
from reclaim.cases.views import needs

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.case_open, name="open"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/stage/", views.case_transition, name="transition"),
    path("<uuid:case_id>/approvals/", views.case_request_approval, name="request_approval"),
    path("<uuid:case_id>/approvals/<uuid:approval_id>/decision/", views.case_decide_approval, name="decide_approval"),
    path("<uuid:case_id>/assignment/", views.case_assign, name="assign"),
    path("<uuid:case_id>/screenings/", needs.case_record_screening, name="record_screening"),
    path("<uuid:case_id>/needs/", needs.case_needs, name="needs"),
    path("<uuid:case_id>/needs/<uuid:need_id>/", needs.case_need_update, name="need_update"),
]
