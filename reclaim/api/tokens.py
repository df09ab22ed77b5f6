"""Personal API tokens API (issue 11 D): list your own tokens, create one, revoke one.

Creating a token is a step-up action on the page (the password is asked again), so here it refuses every API token
(a token never mints another) and takes a browser session only right after the password was re-entered
(reclaim/api/auth.py `require_step_up`). The secret is in the create answer only; it is never stored, and a replay
of the same Idempotency-Key answers `token: null`. Listing and revoking need no step-up, as on the page."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts import access, actions, selectors
from reclaim.accounts.http import request_user
from reclaim.accounts.models import ApiToken
from reclaim.api import idempotency
from reclaim.api.auth import require_step_up
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: UUID
    name: str
    prefix: str = Field(description="The public part after `rcl_`, to recognise the token; never the secret")
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool

    @staticmethod
    def of(token: ApiToken) -> TokenOut:
        now = timezone.now()
        return TokenOut(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
            active=token.revoked_at is None and (token.expires_at is None or token.expires_at > now),
        )


class TokenCreatedOut(TokenOut):
    token: str | None = Field(
        description="The secret, to send as `Authorization: Bearer`: in this answer only (null in a replay)"
    )


class TokenIn(Schema):
    name: str = Field(max_length=80, pattern=r"\S", description="What the token is for")
    expires_in_days: Literal[30, 90, 365] = Field(default=90, description="The choices of the page")


@router.get(
    "/tokens", response={200: Page[TokenOut]}, summary="Your own API tokens, newest first (the secrets are never shown)"
)
def list_tokens(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paginate(selectors.tokens_for_user(request_user(request)), page, TokenOut.of)


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, 403: ErrorOut},
    summary="Create an API token for yourself. Needs the password re-entered: a browser session just after "
    "re-entering it; an API token is always refused (403 `reauthentication_required`)",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[TokenCreatedOut]:
    user = request_user(request)
    require_step_up(request)
    token, raw = actions.do_create_api_token(
        actor=user,
        membership=selectors.active_membership(user),
        name=payload.name.strip(),
        expires_in_days=payload.expires_in_days,
    )
    idempotency.keep_without(request, "token")
    return Status(201, TokenCreatedOut(**TokenOut.of(token).model_dump(), token=raw))


@router.post(
    "/tokens/{uuid:token_id}/revoke",
    response={200: TokenOut},
    summary="Revoke one of your tokens: it stops working at once (a token may revoke itself)",
)
def revoke_token(request: HttpRequest, token_id: UUID) -> TokenOut:
    user = request_user(request)
    token = access.access_token_by_id(user, token_id, for_write=True)
    return TokenOut.of(actions.do_revoke_api_token(actor=user, token=token))
