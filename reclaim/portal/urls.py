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

# Public resources (issue 9, items 1 and 2): help near you, rights, the self-check, the installable app.
from reclaim.portal.views import pwa, resources  # noqa: E402

urlpatterns += [
    path("help-near-you/", resources.resources, name="resources"),
    path("rights/", resources.rights, name="rights"),
    path("rights/<uuid:article_id>/", resources.rights_article, name="rights_article"),
    path("is-this-ok/", resources.self_check_page, name="self_check"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
]
