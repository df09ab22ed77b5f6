"""MFA is required for every role that sees case data (and for platform operators); a signed-in staff member
sees Reclaim in the language chosen in their settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation

from reclaim.accounts.selectors import capabilities

if TYPE_CHECKING:
    from collections.abc import Callable

_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/invitations/")
_SESSION_KEY = "_reclaim_mfa_ok"


def needs_mfa_setup(request: HttpRequest) -> bool:
    user = request.user
    if not settings.RECLAIM_REQUIRE_MFA or not user.is_authenticated:
        return False
    if request.session.get(_SESSION_KEY):
        return False
    if not (capabilities(user).requires_mfa or getattr(user, "is_platform_operator", False)):
        return False
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        request.session[_SESSION_KEY] = True
        return False
    return True


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(_ALLOWED_PREFIXES) and needs_mfa_setup(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "auth.mfa_required", "message": "Set up two-factor authentication first.", "fields": {}},
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class PlainUserMiddleware:
    """`request.user` as the user object itself rather than the authentication middleware's lazy proxy. The proxy
    routes every attribute read through Python-level indirection (1 to 2 µs each; a case page reads the user
    about 800 times, in the menu, the gates and the selectors: about 1 % of its function calls). It is the
    object the proxy would load (`get_user` caches it on the request), so what is cached on the user for the
    request (membership, shared reads) is unchanged. No extra query: the next middleware
    (StaffLanguageMiddleware) loads the user on every request anyway."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = get_user(request)
        return self.get_response(request)


class StaffLanguageMiddleware:
    """After sign-in, the language a staff member chose in their settings wins over the browser's and the cookie's
    (LocaleMiddleware's choice, which still serves sign-in and every page without a staff user). Blank: no choice,
    the browser decides. No query: the user row is the one the authentication middleware loads anyway."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        language = getattr(user, "language", "") if user.is_authenticated else ""
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
