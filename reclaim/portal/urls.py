"""Survivor portal routes (all under /portal/)."""

from __future__ import annotations

from django.urls import path

from reclaim.portal.views import account, checkins, messages, my_page, public, pwa, resources

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
    # Public resources (items 1 and 2): help near you, rights, the self-check, the installable app.
    path("help-near-you/", resources.resources, name="resources"),
    path("rights/", resources.rights, name="rights"),
    path("rights/<uuid:article_id>/", resources.rights_article, name="rights_article"),
    path("is-this-ok/", resources.self_check_page, name="self_check"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    # Check-ins and secure messages (items 5 and 6).
    path("me/check-in/", checkins.checkin, name="checkin"),
    path("me/messages/", messages.inbox, name="messages"),
    path("me/messages/new/", messages.new_thread, name="new_thread"),
    path("me/messages/<uuid:thread_id>/", messages.thread, name="thread"),
    path("me/messages/<uuid:thread_id>/files/<uuid:attachment_id>/", messages.attachment, name="message_attachment"),
    path("me/messages/<uuid:thread_id>/<uuid:message_id>/delete/", messages.delete_message, name="delete_message"),
    path("me/appointments/", my_page.appointments, name="appointments"),
    path("me/goals/", my_page.goals, name="goals"),
    path("me/questionnaires/<uuid:assessment_id>/", my_page.assessment, name="assessment"),
    path("me/documents/", my_page.documents, name="documents"),
    path("me/documents/<uuid:share_id>/", my_page.document, name="document"),
    path("me/consents/", my_page.consents, name="consents"),
    path("me/consents/<uuid:consent_id>/revoke/", my_page.consent_revoke, name="consent_revoke"),
]
