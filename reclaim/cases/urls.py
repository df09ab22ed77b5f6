from __future__ import annotations

from django.urls import path

from reclaim.cases.views import case as views
from reclaim.cases.views import family, follow_up, history, needs, notes

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.case_open, name="open"),
    path("caseload/", views.caseload, name="caseload"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/details/", views.case_edit, name="edit"),
    path("<uuid:case_id>/determinations/", views.case_record_determination, name="record_determination"),
    path("<uuid:case_id>/stage/", views.case_transition, name="transition"),
    path("<uuid:case_id>/approvals/", views.case_request_approval, name="request_approval"),
    path("<uuid:case_id>/approvals/<uuid:approval_id>/decision/", views.case_decide_approval, name="decide_approval"),
    path("<uuid:case_id>/assignment/", views.case_assign, name="assign"),
    path("<uuid:case_id>/people/", family.family, name="family"),
    path("<uuid:case_id>/people/add/", family.relation_add, name="relation_add"),
    path("<uuid:case_id>/people/contact-safety/", family.contact_safety, name="contact_safety"),
    path("<uuid:case_id>/people/<uuid:relation_id>/", family.relation_edit, name="relation_edit"),
    path("<uuid:case_id>/people/<uuid:relation_id>/archive/", family.relation_archive, name="relation_archive"),
    path("<uuid:case_id>/follow-up/", follow_up.case_follow_up, name="follow_up"),
    path("<uuid:case_id>/follow-up/stop/", follow_up.follow_up_stop, name="follow_up_stop"),
    path("<uuid:case_id>/follow-up/<uuid:follow_up_id>/", follow_up.follow_up_record, name="follow_up_record"),
    path("settings/follow-up/", follow_up.follow_up_policy, name="follow_up_policy"),
    path("<uuid:case_id>/screenings/", needs.case_record_screening, name="record_screening"),
    path("<uuid:case_id>/needs/", needs.case_needs, name="needs"),
    path("<uuid:case_id>/needs/<uuid:need_id>/", needs.case_need_update, name="need_update"),
    path("<uuid:case_id>/notes/", notes.case_notes, name="notes"),
    path("<uuid:case_id>/notes/add/", notes.case_note_add, name="note_add"),
    path("<uuid:case_id>/notes/<uuid:note_id>/edit/", notes.case_note_edit, name="note_edit"),
    path("<uuid:case_id>/notes/<uuid:note_id>/strike/", notes.case_note_strike, name="note_strike"),
    path("<uuid:case_id>/timeline/", notes.case_timeline, name="timeline"),
    path("<uuid:case_id>/history/", history.case_history, name="history"),
    path("<uuid:case_id>/history/add/", history.case_history_add, name="history_add"),
    path("<uuid:case_id>/history/<uuid:event_id>/", history.case_history_edit, name="history_edit"),
    path("<uuid:case_id>/history/<uuid:event_id>/remove/", history.case_history_remove, name="history_remove"),
    path("<uuid:case_id>/flags/", history.case_flags, name="flags"),
    path("<uuid:case_id>/flags/<uuid:flag_id>/clear/", history.case_flag_clear, name="flag_clear"),
]
