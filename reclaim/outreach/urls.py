from __future__ import annotations

from typing import Any

from django.urls import path

from reclaim.outreach.views import events

app_name = "outreach"

urlpatterns: list[Any] = []
urlpatterns += [
    path("outreach/events/", events.event_list_page, name="event_list"),
    path("outreach/events/add/", events.event_add, name="event_add"),
    path("outreach/events/survey/<str:token>/", events.event_survey_public, name="event_survey_public"),
    path("outreach/events/<uuid:event_id>/", events.event_detail, name="event_detail"),
    path("outreach/events/<uuid:event_id>/edit/", events.event_edit, name="event_edit"),
    path("outreach/events/<uuid:event_id>/attendance/", events.event_attendance, name="event_attendance"),
    path("outreach/events/<uuid:event_id>/survey-link/", events.event_survey_link, name="event_survey_link"),
    path("outreach/events/<uuid:event_id>/survey-forms/", events.event_survey_entry, name="event_survey_entry"),
    path("outreach/events/<uuid:event_id>/follow-ups/", events.event_follow_up_add, name="event_follow_up_add"),
    path(
        "outreach/events/<uuid:event_id>/follow-ups/<uuid:follow_up_id>/done/",
        events.event_follow_up_done,
        name="event_follow_up_done",
    ),
]
