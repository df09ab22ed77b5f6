"""Around an API request: rate-limit headers, and the idempotency key's answer kept (or the key freed).

A POST that carries an `Idempotency-Key` runs in one transaction with its key: the claim, the work and the kept
answer are committed together or not at all. A process killed after the work was committed therefore cannot
leave a created record whose key has no answer (a retry would then create it a second time), and one killed
before leaves neither (the retry runs it once). A concurrent retry with the same key waits for that commit (on
the key's unique index, or SQLite's write lock) and gets the kept answer. An answer of 500 or more rolls back
whatever the request wrote."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponseBase

from reclaim.api import idempotency, ratelimit

API_PREFIX = "/api/"
SERVER_ERROR = 500


class ApiGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "POST" and idempotency.HEADER in request.headers:
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= SERVER_ERROR:
                    transaction.set_rollback(True)
                else:
                    idempotency.finish(request, response)
        else:
            response = self.get_response(request)
            idempotency.finish(request, response)
        ratelimit.add_headers(request, response)
        return response
