"""Step-up re-authentication for sensitive actions (creating API tokens, emergency access, exports).

Pages still render (GET); the state-changing request needs a password re-entry within
ACCOUNT_REAUTHENTICATION_TIMEOUT. allauth suspends the POST, asks for the password and replays it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from allauth.account.decorators import reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired

if TYPE_CHECKING:
    from django.http import HttpRequest

F = TypeVar("F", bound=Callable[..., Any])


def require_recent_auth(view: F) -> F:
    wrapped: F = reauthentication_required(view, allow_get=True)
    return wrapped


def has_recent_auth(request: HttpRequest) -> bool:
    """Whether this browser session re-entered its password recently enough for a step-up action: the very rule
    `require_recent_auth` applies to a POST (the API asks it instead of redirecting to the password form)."""
    try:
        reauthentication_required(_passes)(request)
    except ReauthenticationRequired:
        return False
    return True


def _passes(request: HttpRequest) -> None:
    return None
