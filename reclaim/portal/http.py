"""What every portal page needs: the signed-in account, the agency's look, and the page itself."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from reclaim.connect import selectors
from reclaim.connect.models import DEFAULT_EXIT_URL
from reclaim.portal import auth
from reclaim.portal.pwa import portal_icon

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

    from reclaim.connect.models import PortalAccount

# The default help lines' words (settings.RECLAIM_PORTAL_HOTLINES, the demo's), so they are in the catalogues.
DEFAULT_LINE_WORDS = (
    gettext_noop("Emergency"),
    gettext_noop("National Human Trafficking Hotline"),
    gettext_noop("24 hours, every day. Confidential. Many languages."),
)

# Each language's own name, so a person finds theirs whatever the page's language is.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "ar": "العربية"}


def portal_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public portal page: no staff sign-in needed."""
    return login_not_required(view)


def survivor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A signed-in portal page: `request.portal_account` is the survivor's active account; anyone else goes to
    the portal's sign-in page (staff too: a staff sign-in is not a portal sign-in)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = auth.current_account(request)
        if account is None:
            return redirect("portal:sign_in")
        request.portal_account = account  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return login_not_required(wrapped)


def signed_in_account(request: HttpRequest) -> PortalAccount:
    account: PortalAccount = request.portal_account  # type: ignore[attr-defined]
    return account


def page_context(request: HttpRequest) -> dict[str, Any]:
    settings_row = auth.visitor_settings(request)
    lines = settings_row.hotlines if settings_row and settings_row.hotlines else selectors.default_hotlines()
    # An agency's own words pass through unchanged; the shipped defaults come out in the page's language.
    hotlines = [
        {**line, "label": gettext(line["label"]), "note": gettext(line.get("note") or "") if line.get("note") else ""}
        for line in lines
    ]
    current = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "portal_name": (settings_row.disguise_name if settings_row else "") or "",
        "exit_url": settings_row.exit_url if settings_row else DEFAULT_EXIT_URL,
        "portal_icon": portal_icon(settings_row),
        "hotlines": hotlines,
        "account": auth.current_account(request),
        "portal_languages": [(code, LANGUAGE_NAMES.get(code, code)) for code, _name in settings.LANGUAGES],
        "current_language": current,
        "rtl": translation.get_language_bidi(),
    }


def render_portal(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HttpResponse:
    response = render(request, template, {**page_context(request), **(context or {})}, status=status)
    # same-origin, not no-referrer: nothing goes to another site, and a form posted without JavaScript still
    # carries its real Origin (with no-referrer the browser sends "Origin: null" and CSRF refuses the post).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
