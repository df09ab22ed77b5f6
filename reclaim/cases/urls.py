from __future__ import annotations

from django.urls import path

from reclaim.cases.views import case as views
from reclaim.cases.views import notes

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.case_open, name="open"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/stage/", views.case_transition, name="transition"),
    path("<uuid:case_id>/approvals/", views.case_request_approval, name="request_approval"),
    path("<uuid:case_id>/approvals/<uuid:approval_id>/decision/", views.case_decide_approval, name="decide_approval"),
    path("<uuid:case_id>/assignment/", views.case_assign, name="assign"),
    path("<uuid:case_id>/notes/", notes.case_notes, name="notes"),
    path("<uuid:case_id>/notes/add/", notes.case_note_add, name="note_add"),
    path("<uuid:case_id>/notes/<uuid:note_id>/edit/", notes.case_note_edit, name="note_edit"),
    path("<uuid:case_id>/notes/<uuid:note_id>/strike/", notes.case_note_strike, name="note_strike"),
    path("<uuid:case_id>/timeline/", notes.case_timeline, name="timeline"),
]
