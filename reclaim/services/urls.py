from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "services"

urlpatterns: list[URLPattern | URLResolver] = []

# Group programs
from django.urls import path  # noqa: E402

from reclaim.services.views import groups  # noqa: E402

urlpatterns += [
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/<uuid:program_id>/", groups.group_detail, name="group_detail"),
    path("groups/<uuid:program_id>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<uuid:program_id>/sessions/", groups.group_sessions, name="group_sessions"),
    path("groups/<uuid:program_id>/sessions/plan/", groups.group_generate_sessions, name="group_generate_sessions"),
    path("groups/<uuid:program_id>/sessions/add/", groups.group_add_session, name="group_add_session"),
    path(
        "groups/<uuid:program_id>/sessions/<uuid:session_id>/cancel/",
        groups.group_session_cancel,
        name="group_session_cancel",
    ),
    path(
        "groups/<uuid:program_id>/sessions/<uuid:session_id>/attendance/",
        groups.group_attendance,
        name="group_attendance",
    ),
    path("groups/<uuid:program_id>/enrol/", groups.group_enrol, name="group_enrol"),
    path("groups/<uuid:program_id>/people/<uuid:enrolment_id>/leave/", groups.group_leave, name="group_leave"),
    path("groups/<uuid:program_id>/people/<uuid:enrolment_id>/complete/", groups.group_complete, name="group_complete"),
    path(
        "groups/<uuid:program_id>/people/<uuid:enrolment_id>/certificate/",
        groups.group_certificate,
        name="group_certificate",
    ),
    path(
        "groups/<uuid:program_id>/people/<uuid:enrolment_id>/certificate/issue/",
        groups.group_certificate_issue,
        name="group_certificate_issue",
    ),
]
