"""The signed-in staff user of a request, typed, for views and API operations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from reclaim.accounts.models import User

if TYPE_CHECKING:
    from django.http import HttpRequest


def request_user(request: HttpRequest) -> User:
    """The staff user; login middleware and API authentication guarantee one before any view runs."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
