from __future__ import annotations

from typing import Any

from django.urls import path

from reclaim.outreach.views import training

app_name = "outreach"

urlpatterns: list[Any] = []

urlpatterns += [
    path("outreach/training/courses/", training.course_list, name="training_course_list"),
    path("outreach/training/courses/add/", training.course_add, name="training_course_add"),
    path("outreach/training/courses/<uuid:course_id>/", training.course_detail, name="training_course_detail"),
    path("outreach/training/courses/<uuid:course_id>/edit/", training.course_edit, name="training_course_edit"),
    path("outreach/training/courses/<uuid:course_id>/sessions/add/", training.session_add, name="training_session_add"),
    path("outreach/training/sessions/<uuid:session_id>/", training.session_detail, name="training_session_detail"),
    path("outreach/training/sessions/<uuid:session_id>/edit/", training.session_edit, name="training_session_edit"),
    path(
        "outreach/training/sessions/<uuid:session_id>/participants/",
        training.participant_add,
        name="training_participant_add",
    ),
    path(
        "outreach/training/sessions/<uuid:session_id>/participants/<uuid:participant_id>/attendance/",
        training.attendance,
        name="training_attendance",
    ),
    path("outreach/training/certificates/add/", training.external_add, name="training_external_add"),
    path("outreach/training/certificates/<uuid:certificate_id>/", training.certificate, name="training_certificate"),
    path("outreach/training/mine/", training.my_training, name="training_mine"),
    path("outreach/training/staff/", training.staff_overview, name="training_staff"),
    path("outreach/training/requirements/", training.requirements, name="training_requirements"),
    path("outreach/training/requirements/block/", training.block_setting, name="training_block"),
]
