"""Survivor portal routes (all under /portal/). Feature modules add theirs below."""

from __future__ import annotations

from django.urls import path

from reclaim.portal.views import account, my_page, public

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
    path("me/appointments/", my_page.appointments, name="appointments"),
    path("me/goals/", my_page.goals, name="goals"),
    path("me/questionnaires/<uuid:assessment_id>/", my_page.assessment, name="assessment"),
    path("me/documents/", my_page.documents, name="documents"),
    path("me/documents/<uuid:share_id>/", my_page.document, name="document"),
    path("me/consents/", my_page.consents, name="consents"),
    path("me/consents/<uuid:consent_id>/revoke/", my_page.consent_revoke, name="consent_revoke"),
]
