"""The portal as an installable web app: the manifest, the service worker and its offline page.

The service worker keeps only the portal's static files and an offline page with the default help lines,
fetched without cookies: never a page a person has seen, never anything signed in or under /portal/me/."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from reclaim.connect import selectors
from reclaim.connect.models import DEFAULT_EXIT_URL, DisguiseIcon
from reclaim.portal import auth, pwa
from reclaim.portal.http import portal_view, render_portal

if TYPE_CHECKING:
    from django.http import HttpRequest

STATIC_FILES = ("portal/portal.css", "portal/portal.js", "portal/pwa.js", "portal/icon.svg")


def precache_urls() -> list[str]:
    """Everything the service worker stores: static files, then the offline page."""
    icons = [f"portal/icons/{icon}.svg" for icon in DisguiseIcon.values]
    return [*(static(path) for path in (*STATIC_FILES, *icons)), reverse("portal:offline")]


@portal_view
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    body = pwa.manifest(auth.visitor_settings(request), translation.get_language() or "en")
    return HttpResponse(json.dumps(body), content_type="application/manifest+json")


@portal_view
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    urls = precache_urls()
    cache_name = "portal-static-" + hashlib.sha256(json.dumps(urls).encode()).hexdigest()[:12]
    script = render_to_string(
        "portal/sw.js",
        {"precache": json.dumps(urls), "offline_url": json.dumps(reverse("portal:offline")), "cache_name": cache_name},
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("portal:help_now")
    return response


@portal_view
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page shown when there is no connection: the default help lines and nothing of anyone's session
    (the service worker fetches it without cookies; here the session is ignored too)."""
    return render_portal(
        request,
        "portal/offline.html",
        {
            "account": None,
            "portal_name": "",
            "exit_url": DEFAULT_EXIT_URL,
            "hotlines": selectors.default_hotlines(),
        },
    )
