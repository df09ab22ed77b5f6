"""Typing helpers for views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class AuthedHttpRequest(HttpRequest):
    """A request whose user is signed in; `user` is typed loosely because core may not import accounts."""

    htmx: HtmxDetails
