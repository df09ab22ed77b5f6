from __future__ import annotations

from typing import Any

from django.urls import path

from reclaim.outreach.views import volunteers as volunteer_views

app_name = "outreach"

urlpatterns: list[Any] = []

# Volunteers (issue 10 item 5)
urlpatterns += [
    path("outreach/volunteers/", volunteer_views.volunteer_list, name="volunteer_list"),
    path("outreach/volunteers/new/", volunteer_views.volunteer_add, name="volunteer_add"),
    path("outreach/volunteers/hours/", volunteer_views.volunteer_hours_waiting, name="volunteer_hours_waiting"),
    path(
        "outreach/volunteers/hours/<uuid:hours_id>/approve/",
        volunteer_views.volunteer_hours_approve,
        name="volunteer_hours_approve",
    ),
    path(
        "outreach/volunteers/tasks/<uuid:assignment_id>/",
        volunteer_views.volunteer_assignment_edit,
        name="volunteer_assignment_edit",
    ),
    path("outreach/volunteers/my/", volunteer_views.volunteer_my_assignments, name="volunteer_my_assignments"),
    path("outreach/volunteers/my/hours/", volunteer_views.volunteer_my_hours, name="volunteer_my_hours"),
    path(
        "outreach/volunteers/my/<uuid:assignment_id>/respond/",
        volunteer_views.volunteer_my_respond,
        name="volunteer_my_respond",
    ),
    path(
        "outreach/volunteers/my/<uuid:assignment_id>/hours/",
        volunteer_views.volunteer_my_log_hours,
        name="volunteer_my_log_hours",
    ),
    path("outreach/volunteers/<uuid:volunteer_id>/", volunteer_views.volunteer_detail, name="volunteer_detail"),
    path("outreach/volunteers/<uuid:volunteer_id>/edit/", volunteer_views.volunteer_edit, name="volunteer_edit"),
    path("outreach/volunteers/<uuid:volunteer_id>/status/", volunteer_views.volunteer_status, name="volunteer_status"),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/screening/<uuid:screening_id>/",
        volunteer_views.volunteer_screening,
        name="volunteer_screening",
    ),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/agreements/new/",
        volunteer_views.volunteer_agreement_add,
        name="volunteer_agreement_add",
    ),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/sign-in/", volunteer_views.volunteer_sign_in, name="volunteer_sign_in"
    ),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/tasks/new/",
        volunteer_views.volunteer_assignment_add,
        name="volunteer_assignment_add",
    ),
    path(
        "outreach/volunteers/<uuid:volunteer_id>/thanks/new/",
        volunteer_views.volunteer_thanks_add,
        name="volunteer_thanks_add",
    ),
]
