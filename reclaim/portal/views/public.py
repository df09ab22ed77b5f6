"""Public portal pages: help now, staying safe online, the entry link, the language switch, quick exit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from reclaim.connect import selectors
from reclaim.portal import auth
from reclaim.portal.http import portal_view, render_portal
from reclaim.portal.middleware import PORTAL_PREFIX

if TYPE_CHECKING:
    from django.http import HttpRequest


@portal_view
@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    """The first page: numbers to call or text now, then what the portal offers."""
    return render_portal(request, "portal/help_now.html")


@portal_view
@require_GET
def enter(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's portal link: remember which agency (for its help lines and look), then go to the start."""
    settings_row = selectors.settings_by_entry_code(code)
    if settings_row is None:
        raise Http404
    if auth.current_account(request) is None:
        auth.choose_agency(request, settings_row)
    return redirect("portal:help_now")


@portal_view
@require_GET
def staying_safe(request: HttpRequest) -> HttpResponse:
    return render_portal(request, "portal/staying_safe.html")


@portal_view
@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch language on any page and come back to it. A signed-in survivor's choice is kept on their account
    by the settings page; this switch sets the browser's choice only."""
    if code not in {lang for lang, _name in settings.LANGUAGES}:
        raise Http404
    target = request.GET.get("next", "")
    if not (
        target.startswith(PORTAL_PREFIX)
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    ):
        target = PORTAL_PREFIX
    account = auth.current_account(request)
    if account is not None and account.language and account.language != code:
        from reclaim.connect.actions import Preferences, do_save_preferences

        do_save_preferences(
            account=account,
            data=Preferences(language=code, safe_contact=account.safe_contact, notify_email=account.notify_email),
        )
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@csrf_exempt
@portal_view
@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Sent by the quick-exit button as it leaves (a beacon): end the portal session. Ending a session is the
    only thing it can do, so it needs no CSRF token (the page is already gone when it is sent)."""
    auth.sign_out(request)
    return HttpResponse(status=204)
