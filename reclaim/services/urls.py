from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from reclaim.services.views import groups, log

app_name = "services"

urlpatterns: list[URLPattern | URLResolver] = [
    # The service delivery log (services/views/log.py)
    path("cases/<uuid:case_id>/services/", log.case_services, name="case_services"),
    path("cases/<uuid:case_id>/services/add/", log.case_service_add, name="case_service_add"),
    path("cases/<uuid:case_id>/services/<uuid:service_id>/correct/", log.service_correct, name="service_correct"),
    path("cases/<uuid:case_id>/services/<uuid:service_id>/void/", log.service_void, name="service_void"),
    path("services/", log.service_log, name="log"),
    path("services/export/", log.service_log_export, name="log_export"),
    path("services/day/", log.day_entry, name="day"),
    path("services/taxonomy/", log.taxonomy, name="taxonomy"),
]

# Group programs (services/views/groups.py)
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
