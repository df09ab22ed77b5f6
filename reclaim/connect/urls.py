from __future__ import annotations

from django.urls import path

from reclaim.connect import my_page_views, views, views_checkins, views_messages

app_name = "connect"

urlpatterns = [
    path("cases/<uuid:case_id>/portal/", views.case_portal, name="case_portal"),
    path("cases/<uuid:case_id>/portal/change/", views.case_portal_change, name="case_portal_change"),
    path("settings/portal/", views.portal_settings, name="settings"),
    path("portal-alerts/<uuid:check_in_id>/", views_checkins.urgent_check_in, name="urgent_check_in"),
    # Check-ins and messages (issue 9 items 5 and 6)
    path("cases/<uuid:case_id>/portal/check-ins/", views_checkins.case_checkins, name="case_checkins"),
    path(
        "cases/<uuid:case_id>/portal/check-ins/<uuid:check_in_id>/acknowledge/",
        views_checkins.acknowledge_checkin,
        name="acknowledge_checkin",
    ),
    path("cases/<uuid:case_id>/portal/messages/", views_messages.case_threads, name="case_threads"),
    path("cases/<uuid:case_id>/portal/messages/new/", views_messages.start_thread, name="start_thread"),
    path("cases/<uuid:case_id>/portal/messages/<uuid:thread_id>/", views_messages.case_thread, name="case_thread"),
    path(
        "cases/<uuid:case_id>/portal/messages/<uuid:thread_id>/reply/",
        views_messages.thread_reply,
        name="thread_reply",
    ),
    path(
        "cases/<uuid:case_id>/portal/messages/<uuid:thread_id>/attachments/<uuid:attachment_id>/",
        views_messages.thread_attachment,
        name="thread_attachment",
    ),
    path("cases/<uuid:case_id>/portal/their-page/", my_page_views.my_page, name="my_page"),
    path("cases/<uuid:case_id>/portal/their-page/change/", my_page_views.my_page_change, name="my_page_change"),
]
