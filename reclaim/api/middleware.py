"""After an API request: rate-limit headers, and the idempotency key's answer kept (or the key freed)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from reclaim.api import idempotency, ratelimit

API_PREFIX = "/api/"


class ApiGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            idempotency.finish(request, response)
            ratelimit.add_headers(request, response)
        return response
