"""Request-wide protections: request ids, idle timeout, login required, and no caching of pages."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from reclaim.core.context import client_ip_var, request_id_var

_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
Handler = Callable[[HttpRequest], HttpResponse]


class RequestContextMiddleware:
    """Give every request an id (echoed as X-Request-ID) and note the client IP for audit rows."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        ip = request.META.get("REMOTE_ADDR") or None
        if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and (forwarded := request.headers.get("X-Forwarded-For")):
            ip = forwarded.split(",")[0].strip() or ip
        id_token = request_id_var.set(request_id)
        ip_token = client_ip_var.set(ip)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(id_token)
            client_ip_var.reset(ip_token)
        response["X-Request-ID"] = request_id
        return response


class IdleTimeoutMiddleware:
    """Sign out a session idle for RECLAIM_IDLE_TIMEOUT_SECONDS, or older than SESSION_COOKIE_AGE.

    Django renews a session's expiry whenever it is saved, so the absolute lifetime is enforced here
    from the moment this session was first seen signed in.
    """

    SESSION_KEY = "_reclaim_last_seen"
    STARTED_KEY = "_reclaim_signed_in_at"
    WRITE_EVERY_SECONDS = 30

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(self.SESSION_KEY)
            started = request.session.setdefault(self.STARTED_KEY, now)
            idle = last_seen is not None and now - float(last_seen) > settings.RECLAIM_IDLE_TIMEOUT_SECONDS
            if idle or now - float(started) > settings.SESSION_COOKIE_AGE:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(settings.LOGIN_URL)
            if last_seen is None or now - float(last_seen) > self.WRITE_EVERY_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


class StaffLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required default, except the API, which its own `auth=` guards (django-ninja #1461)."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class NoStoreMiddleware:
    """Pages may hold survivor data: never let a browser or proxy keep a copy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
