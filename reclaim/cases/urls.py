from __future__ import annotations

from django.urls import path

from reclaim.cases.views import case as views
from reclaim.cases.views import history

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.case_open, name="open"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/stage/", views.case_transition, name="transition"),
    path("<uuid:case_id>/approvals/", views.case_request_approval, name="request_approval"),
    path("<uuid:case_id>/approvals/<uuid:approval_id>/decision/", views.case_decide_approval, name="decide_approval"),
    path("<uuid:case_id>/assignment/", views.case_assign, name="assign"),
    path("<uuid:case_id>/history/", history.case_history, name="history"),
    path("<uuid:case_id>/history/add/", history.case_history_add, name="history_add"),
    path("<uuid:case_id>/history/<uuid:event_id>/", history.case_history_edit, name="history_edit"),
    path("<uuid:case_id>/history/<uuid:event_id>/remove/", history.case_history_remove, name="history_remove"),
    path("<uuid:case_id>/flags/", history.case_flags, name="flags"),
    path("<uuid:case_id>/flags/<uuid:flag_id>/clear/", history.case_flag_clear, name="flag_clear"),
]
