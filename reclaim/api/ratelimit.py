"""Rate limits per API token (or per signed-in user for session calls), in fixed windows kept in Django's cache.

Reads (GET, HEAD, OPTIONS) and writes count separately, each against its own setting (`RECLAIM_API_RATE_LIMIT`,
`RECLAIM_API_WRITE_RATE_LIMIT`, e.g. "600/minute"; an empty value turns that limit off). One counter per
principal, kind and window: one cache `incr` per request (an `add` when the window opens). With the database
cache two simultaneous requests can, rarely, both read the same count: a window may let one or two requests
more through, never fewer. The count happens right after authentication (reclaim/api/auth.py); the headers
`X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Unix time, seconds, when the window
ends) are added by `reclaim.api.middleware.ApiGuardMiddleware`. Over the limit: 429 `rate_limited` with
`Retry-After` (seconds).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
PERIOD_ALIASES = {"s": "second", "sec": "second", "m": "minute", "min": "minute", "h": "hour", "d": "day"}
REQUEST_ATTR = "_reclaim_rate_limit"


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


@dataclass(frozen=True)
class RateState:
    limit: int
    remaining: int
    reset_at: int  # Unix time the window ends

    @property
    def retry_after(self) -> int:
        return max(1, self.reset_at - int(time.time()))


class RateLimited(Exception):
    def __init__(self, state: RateState) -> None:
        super().__init__("rate limited")
        self.state = state


@lru_cache(maxsize=16)
def parse_rate(text: str | None) -> Rate | None:
    """ "600/minute" -> Rate(600, 60); also "10/s", "5000/hours", "1/d". None or "" -> no limit."""
    if not text:
        return None
    count, _, period = str(text).partition("/")
    period = period.strip().lower()
    if period not in PERIODS and period not in PERIOD_ALIASES and period.endswith("s"):
        period = period[:-1]  # "hours", "mins"
    period = PERIOD_ALIASES.get(period, period)
    if period not in PERIODS or not count.strip().isdigit():
        raise ValueError(f"a rate is '<count>/<second|minute|hour|day>', not {text!r}")
    return Rate(limit=int(count), window=PERIODS[period])


def rate_for(method: str) -> tuple[str, Rate | None]:
    if method.upper() in READ_METHODS:
        return "read", parse_rate(getattr(settings, "RECLAIM_API_RATE_LIMIT", None))
    return "write", parse_rate(getattr(settings, "RECLAIM_API_WRITE_RATE_LIMIT", None))


def count_request(request: HttpRequest, principal: str) -> RateState | None:
    """Count this request against `principal`'s window; raise RateLimited when it is one too many.

    `principal` is "token:<id>" or "user:<id>": an id, never the token itself or anything personal."""
    kind, rate = rate_for(request.method or "GET")
    if rate is None:
        return None
    now = int(time.time())
    window_start = now - now % rate.window
    key = f"api-rate:{kind}:{principal}:{window_start}"
    try:
        used = cache.incr(key)
    except ValueError:  # the first request of this window (unless another request opened it in between)
        used = 1 if cache.add(key, 1, rate.window + 1) else cache.incr(key)
    state = RateState(limit=rate.limit, remaining=max(0, rate.limit - used), reset_at=window_start + rate.window)
    setattr(request, REQUEST_ATTR, state)
    if used > rate.limit:
        raise RateLimited(state)
    return state


def add_headers(request: HttpRequest, response: HttpResponseBase) -> None:
    state: RateState | None = getattr(request, REQUEST_ATTR, None)
    if state is None:
        return
    response["X-RateLimit-Limit"] = str(state.limit)
    response["X-RateLimit-Remaining"] = str(state.remaining)
    response["X-RateLimit-Reset"] = str(state.reset_at)
    if response.status_code == 429:  # noqa: PLR2004 — Too Many Requests
        response["Retry-After"] = str(state.retry_after)
