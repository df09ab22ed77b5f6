"""API authentication: the browser session (with CSRF) or a personal token as `Authorization: Bearer`.

Once the caller is known, the request counts against its rate limit and claims its idempotency key
(reclaim/api/ratelimit.py, reclaim/api/idempotency.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.session import SessionAuth

from reclaim.accounts.actions import authenticate_token
from reclaim.accounts.decorators import has_recent_auth
from reclaim.accounts.middleware import needs_mfa_setup
from reclaim.accounts.models import ApiToken
from reclaim.accounts.selectors import active_membership
from reclaim.api import idempotency, ratelimit


class StaffSessionAuth(SessionAuth):
    """Session auth that also refuses sessions still owing an MFA set-up."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or needs_mfa_setup(request):
            return None
        principal = f"user:{user.pk}"
        ratelimit.count_request(request, principal)
        idempotency.begin(request, principal=principal, user=user, agency_id=lambda: _agency_of_session(user))
        return user


class ApiTokenAuth(HttpBearer):
    openapi_description = "A personal API token created under API tokens or with `manage.py create_api_token`."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = authenticate_token(token)
        if api_token is None:
            return None
        request.user = api_token.user
        principal = f"token:{api_token.pk}"
        ratelimit.count_request(request, principal)
        idempotency.begin(
            request,
            principal=principal,
            user=api_token.user,
            agency_id=lambda: api_token.membership.agency_id if api_token.membership is not None else None,
        )
        return api_token


class StepUpRequired(Exception):
    """A step-up action (a new API token, emergency access) without a password entered just now: 403."""

    def __init__(self, *, by_token: bool) -> None:
        super().__init__("reauthentication_required")
        self.by_token = by_token


def require_step_up(request: HttpRequest) -> None:
    """The pages ask for the password again before these actions (reclaim/accounts/decorators.py). A bearer token
    cannot re-enter a password, so it is always refused; a browser session passes only within the same window
    after re-entering its password as the page would demand (docs/api/README.md, "Step-up actions")."""
    if isinstance(getattr(request, "auth", None), ApiToken):
        raise StepUpRequired(by_token=True)
    if not has_recent_auth(request):
        raise StepUpRequired(by_token=False)


def _agency_of_session(user: Any) -> Any:
    membership = active_membership(user)
    return membership.agency_id if membership is not None else None


session_auth: APIKeyCookie = StaffSessionAuth()
token_auth = ApiTokenAuth()
