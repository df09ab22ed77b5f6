from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from reclaim.scheduling.views import appointments, calendar, feed

app_name = "scheduling"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<uuid:case_id>/appointments/", appointments.case_appointments, name="case_appointments"),
    path(
        "cases/<uuid:case_id>/appointments/<uuid:appointment_id>/",
        appointments.appointment_edit,
        name="appointment_edit",
    ),
    path(
        "cases/<uuid:case_id>/appointments/<uuid:appointment_id>/outcome/",
        appointments.appointment_outcome,
        name="appointment_outcome",
    ),
    path(
        "cases/<uuid:case_id>/appointments/<uuid:appointment_id>/cancel/",
        appointments.appointment_cancel,
        name="appointment_cancel",
    ),
    path("calendar/", calendar.calendar_day, name="calendar_day"),
    path("calendar/week/", calendar.calendar_week, name="calendar_week"),
    path("calendar/feed/", feed.feed_settings, name="feed_settings"),
    path("calendar/feed/revoke/", feed.feed_revoke, name="feed_revoke"),
    path("calendar/ical/<str:secret>.ics", feed.ical_feed, name="ical_feed"),
]
