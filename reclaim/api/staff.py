"""Staff administration API (issue 11 D): the agency's members (role, teams, active), invitations and teams.

The same gates and actions as the Staff pages (reclaim/accounts/views.py): agency admins only (`manages_staff`),
everyone else 403; another agency's membership or invitation is 404. None of these pages asks for the password
again, so neither does the API. An invitation's link is in the create answer only, as on the page."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import field_validator

from reclaim.accounts import access, actions, selectors
from reclaim.accounts.http import request_user
from reclaim.accounts.models import Invitation, Membership, Team
from reclaim.accounts.roles import Role
from reclaim.api import idempotency
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut

router = Router(tags=["staff"])


class MemberOut(Schema):
    id: UUID = Field(description="The membership (use it to change role, teams or active)")
    user_id: UUID
    display_name: str
    email: str
    role: str
    team_ids: list[UUID]
    is_active: bool

    @staticmethod
    def of(membership: Membership) -> MemberOut:
        return MemberOut(
            id=membership.pk,
            user_id=membership.user_id,
            display_name=membership.user.display_name,
            email=membership.user.email,
            role=membership.role,
            team_ids=sorted((team.pk for team in membership.teams.all()), key=str),
            is_active=membership.is_active,
        )


class MemberQuery(PageQuery):
    role: Role | None = Field(default=None, description="Only members with this role")
    active: bool | None = Field(default=None, description="true: active members only; false: suspended only")


class MemberChangeIn(Schema):
    role: Role
    team_ids: list[UUID] = Field(default_factory=list, max_length=100, description="Replaces the member's teams")
    is_active: bool = Field(description="false suspends the member (their API tokens are revoked); true reactivates")


class InvitationOut(Schema):
    id: UUID
    display_name: str
    email: str
    role: str
    team_id: UUID | None
    expires_at: datetime
    revoked_at: datetime | None
    accepted_at: datetime | None

    @staticmethod
    def of(invitation: Invitation) -> InvitationOut:
        return InvitationOut(
            id=invitation.pk,
            display_name=invitation.display_name,
            email=invitation.email,
            role=invitation.role,
            team_id=invitation.team_id,
            expires_at=invitation.expires_at,
            revoked_at=invitation.revoked_at,
            accepted_at=invitation.accepted_at,
        )


class InvitationCreatedOut(InvitationOut):
    link: str | None = Field(
        description="The one-time link also emailed to the person; in this answer only (null in a replay)"
    )


class InviteIn(Schema):
    display_name: str = Field(max_length=120, pattern=r"\S", description="The name colleagues will see")
    email: str = Field(max_length=254, description="Work email: the invitation link goes there")
    role: Role
    team_id: UUID | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid email address.") from None
        return value


class TeamOut(Schema):
    id: UUID
    name: str

    @staticmethod
    def of(team: Team) -> TeamOut:
        return TeamOut(id=team.pk, name=team.name)


class TeamIn(Schema):
    name: str = Field(max_length=120, pattern=r"\S")


def _teams(user: Any, ids: list[UUID], field: str) -> list[Team]:
    """The agency's teams with these ids; an id that is not one of them is a 422 on `field`, like the form."""
    teams = list(selectors.teams_for_user(user).filter(pk__in=set(ids)))
    if len(teams) != len(set(ids)):
        raise ValidationError(
            [{"loc": ("body", "payload", field), "msg": _("Not a team of your agency."), "type": "value_error"}]
        )
    return teams


@router.get(
    "/staff/members",
    response={200: Page[MemberOut], 403: ErrorOut},
    summary="The agency's staff with role, teams and whether active; active first, then by name (agency admins)",
)
def list_members(request: HttpRequest, query: Query[MemberQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_staff_manager(user)
    members = selectors.members_for_admin(user)
    if query.role is not None:
        members = members.filter(role=query.role)
    if query.active is not None:
        members = members.filter(is_active=query.active)
    return paginate(members, query, MemberOut.of)


@router.put(
    "/staff/members/{uuid:membership_id}",
    response={200: MemberOut, 400: ErrorOut},
    summary="Change a member's role and teams, suspend or reactivate them (agency admins; not yourself: 400)",
)
def change_member(request: HttpRequest, membership_id: UUID, payload: MemberChangeIn) -> MemberOut:
    user = request_user(request)
    access.require_staff_manager(user)
    membership = access.access_membership_by_id(user, membership_id, for_write=True)
    teams = _teams(user, payload.team_ids, "team_ids")
    actions.do_change_membership(
        actor=user, membership=membership, role=str(payload.role), teams=teams, is_active=payload.is_active
    )
    return MemberOut.of(access.access_membership_by_id(user, membership_id))


@router.get(
    "/staff/invitations",
    response={200: Page[InvitationOut], 403: ErrorOut},
    summary="Invitations still pending (not accepted, withdrawn or expired), newest first (agency admins)",
)
def list_invitations(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_staff_manager(user)
    return paginate(selectors.pending_invitations_for_admin(user), page, InvitationOut.of)


@router.post(
    "/staff/invitations",
    response={201: InvitationCreatedOut, 400: ErrorOut},
    summary="Invite someone to join the agency with a role (and a team); the link is emailed and answered once",
)
def invite(request: HttpRequest, payload: InviteIn) -> Status[InvitationCreatedOut]:
    user = request_user(request)
    access.require_staff_manager(user)
    membership = selectors.active_membership(user)
    assert membership is not None  # noqa: S101 — require_staff_manager implies a membership
    team = _teams(user, [payload.team_id], "team_id")[0] if payload.team_id else None
    invitation, secret = actions.do_invite_staff(
        actor=user,
        agency=membership.agency,
        email=payload.email,
        display_name=payload.display_name.strip(),
        role=str(payload.role),
        team=team,
    )
    idempotency.keep_without(request, "link")
    out = InvitationCreatedOut(
        **InvitationOut.of(invitation).model_dump(), link=request.build_absolute_uri(f"/invitations/{secret}/")
    )
    return Status(201, out)


@router.post(
    "/staff/invitations/{uuid:invitation_id}/revoke",
    response={200: InvitationOut},
    summary="Withdraw an invitation: its link stops working (agency admins)",
)
def revoke_invitation(request: HttpRequest, invitation_id: UUID) -> InvitationOut:
    user = request_user(request)
    access.require_staff_manager(user)
    invitation = access.access_invitation_by_id(user, invitation_id, for_write=True)
    return InvitationOut.of(actions.do_revoke_invitation(actor=user, invitation=invitation))


@router.get(
    "/staff/teams",
    response={200: Page[TeamOut], 403: ErrorOut},
    summary="The agency's teams by name, for `team_ids` and `team_id` (agency admins)",
)
def list_teams(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_staff_manager(user)
    return paginate(selectors.teams_for_user(user), page, TeamOut.of)


@router.post("/staff/teams", response={201: TeamOut}, summary="Create a team in the agency (agency admins)")
def create_team(request: HttpRequest, payload: TeamIn) -> Status[TeamOut]:
    user = request_user(request)
    access.require_staff_manager(user)
    membership = selectors.active_membership(user)
    assert membership is not None  # noqa: S101 — require_staff_manager implies a membership
    team = actions.do_create_team(actor=user, agency=membership.agency, name=payload.name.strip())
    return Status(201, TeamOut.of(team))
