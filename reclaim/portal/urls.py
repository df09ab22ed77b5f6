"""Survivor portal routes (all under /portal/). Feature modules add theirs below."""

from __future__ import annotations

from django.urls import path

from reclaim.portal.views import account, public

app_name = "portal"

urlpatterns = [
    path("", public.help_now, name="help_now"),
    path("go/<slug:code>/", public.enter, name="enter"),
    path("staying-safe/", public.staying_safe, name="staying_safe"),
    path("language/<str:code>/", public.language, name="language"),
    path("exit/", public.quick_exit, name="quick_exit"),
    path("activate/", account.activate, name="activate"),
    path("sign-in/", account.sign_in, name="sign_in"),
    path("sign-out/", account.sign_out, name="sign_out"),
    path("sign-out-everywhere/", account.sign_out_everywhere, name="sign_out_everywhere"),
    path("me/", account.home, name="home"),
    path("me/settings/", account.account_settings, name="settings"),
]

# Check-ins and secure messages (issue 9 items 5 and 6)
from reclaim.portal.views import checkins, messages  # noqa: E402

urlpatterns += [
    path("me/check-in/", checkins.checkin, name="checkin"),
    path("me/messages/", messages.inbox, name="messages"),
    path("me/messages/new/", messages.new_thread, name="new_thread"),
    path("me/messages/<uuid:thread_id>/", messages.thread, name="thread"),
    path(
        "me/messages/<uuid:thread_id>/files/<uuid:attachment_id>/",
        messages.attachment,
        name="message_attachment",
    ),
    path(
        "me/messages/<uuid:thread_id>/<uuid:message_id>/delete/",
        messages.delete_message,
        name="delete_message",
    ),
]
