"""Step-up re-authentication for sensitive actions (creating API tokens, emergency access, exports).

Pages still render (GET); the state-changing request needs a password re-entry within
ACCOUNT_REAUTHENTICATION_TIMEOUT. allauth suspends the POST, asks for the password and replays it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from allauth.account.decorators import reauthentication_required

F = TypeVar("F", bound=Callable[..., Any])


def require_recent_auth(view: F) -> F:
    wrapped: F = reauthentication_required(view, allow_get=True)
    return wrapped
