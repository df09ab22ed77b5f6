"""API authentication: the browser session (with CSRF) or a personal token as `Authorization: Bearer`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.session import SessionAuth

from reclaim.accounts.actions import authenticate_token
from reclaim.accounts.middleware import needs_mfa_setup


class StaffSessionAuth(SessionAuth):
    """Session auth that also refuses sessions still owing an MFA set-up."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or needs_mfa_setup(request):
            return None
        return user


class ApiTokenAuth(HttpBearer):
    openapi_description = "A personal API token created under API tokens or with `manage.py create_api_token`."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = authenticate_token(token)
        if api_token is None:
            return None
        request.user = api_token.user
        return api_token


session_auth: APIKeyCookie = StaffSessionAuth()
token_auth = ApiTokenAuth()
