"""Reads for accounts, already scoped to the asking user's agency."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Count, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from reclaim.accounts.models import (
    Agency,
    AgencyAlert,
    ApiToken,
    BreakGlassGrant,
    Invitation,
    Membership,
    Team,
    TeamMember,
    User,
)
from reclaim.accounts.roles import NO_CAPABILITIES, Capabilities, capabilities_for
from reclaim.core.models import AuditEvent, Term, Vocabulary
from reclaim.core.queries import JoinedText

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from django.contrib.auth.models import AnonymousUser
    from django.db.models.expressions import Combinable

_CACHE_ATTR = "_reclaim_membership"

# Facts about a member that apps built on accounts need on every request, read with the membership (the same one
# query) instead of inside each query that needs them: the name of an attribute set on the membership, and a
# builder of an expression given the membership row's agency and user (two OuterRefs: `OuterRef("agency_id")`
# and `OuterRef("user_id")` in the membership query, the joined membership's agency and the user's pk in the
# signed-in user's), which may depend on today's date and nothing else. E.g. outreach's "blocked until trained"
# (reclaim/outreach/training_gate.py).
_membership_facts: dict[str, Callable[[OuterRef, OuterRef], Combinable]] = {}
# The membership query without its user, and the signed-in user's query, per date: building them (resolving the
# facts' subqueries) was 3 of the 5.5 ms a lookup cost, on every request. Each lookup filters a clone (QuerySets
# are never changed in place).
_membership_query: dict[date, QuerySet[Membership]] = {}
_signed_in_query: dict[date, QuerySet[User]] = {}
_JOINED = "signed_in_membership"  # the signed-in user's query: their active membership, joined


def register_membership_fact(name: str, build: Callable[[OuterRef, OuterRef], Combinable]) -> None:
    _membership_facts[name] = build
    _membership_query.clear()
    _signed_in_query.clear()


def _facts(membership: OuterRef, agency: OuterRef, user: OuterRef) -> dict[str, Combinable]:
    """The annotations every membership is read with: its team ids (every request asks for them) and the facts."""
    teams = TeamMember.objects.filter(membership=membership).values("membership").annotate(ids=JoinedText("team_id"))
    return {
        "joined_team_ids": Subquery(teams.values("ids")),
        **{name: build(agency, user) for name, build in _membership_facts.items()},
    }


def _memberships_with_facts() -> QuerySet[Membership]:
    today = timezone.localdate()
    query = _membership_query.get(today)
    if query is None:
        query = (
            Membership.objects.filter(is_active=True, agency__is_active=True)
            .select_related("agency")
            .annotate(**_facts(OuterRef("pk"), OuterRef("agency_id"), OuterRef("user_id")))
            .order_by("pk")
        )
        _membership_query.clear()
        _membership_query[today] = query
    return query


def signed_in_user(user_id: UUID | str) -> User | None:
    """The user a session names, with their active membership already cached for active_membership(): one
    query (the user, their one active membership and its agency joined), where reading the user and then the
    membership took two on every request."""
    today = timezone.localdate()
    query = _signed_in_query.get(today)
    if query is None:
        joined = FilteredRelation("memberships", condition=Q(memberships__is_active=True))
        query = (
            User._default_manager.annotate(**{_JOINED: joined})
            .select_related(_JOINED, f"{_JOINED}__agency")
            .annotate(**_facts(OuterRef(f"{_JOINED}__pk"), OuterRef(f"{_JOINED}__agency_id"), OuterRef("pk")))
        )
        _signed_in_query.clear()
        _signed_in_query[today] = query
    user = query.filter(pk=user_id).first()
    if user is None:
        return None
    membership: Membership | None = getattr(user, _JOINED, None)  # not set when nothing joined
    names = ["joined_team_ids", *_membership_facts]
    values = {name: user.__dict__.pop(name) for name in names}
    if membership is not None and membership.agency.is_active:
        for name, value in values.items():
            setattr(membership, name, value)
    else:
        membership = None  # none active, or its agency is switched off: as active_membership() reads it
    user.__dict__.pop(_JOINED, None)
    setattr(user, _CACHE_ATTR, membership)
    return user


def active_membership(user: User | AnonymousUser) -> Membership | None:
    """The user's active membership in an active agency, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return None
    if hasattr(user, _CACHE_ATTR):
        cached: Membership | None = getattr(user, _CACHE_ATTR)
        return cached
    membership = _memberships_with_facts().filter(user=user).first()
    setattr(user, _CACHE_ATTR, membership)
    return membership


def forget_membership(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def capabilities(user: User | AnonymousUser) -> Capabilities:
    membership = active_membership(user)
    return capabilities_for(membership.role) if membership else NO_CAPABILITIES


def team_ids(membership: Membership) -> list[UUID]:
    """The membership's teams: read with it by active_membership(), else in one query."""
    if hasattr(membership, "joined_team_ids"):
        joined: str | None = membership.joined_team_ids
        return [UUID(value) for value in joined.split(",")] if joined else []
    return [link.team_id for link in membership.team_links.all()]


def live_grants_for(user: User) -> QuerySet[BreakGlassGrant]:
    """Break-glass grants that let this platform operator read an agency right now."""
    if not user.is_authenticated or not user.is_platform_operator:
        return BreakGlassGrant.objects.none()
    return BreakGlassGrant.objects.filter(operator=user, ended_at__isnull=True, expires_at__gt=timezone.now())


def live_grant_agency_ids(user: User) -> list[UUID]:
    cache_attr = "_reclaim_grant_agencies"
    if not hasattr(user, cache_attr):
        setattr(user, cache_attr, list(live_grants_for(user).values_list("agency_id", flat=True)))
    cached: list[UUID] = getattr(user, cache_attr)
    return cached


def grants_for_operator(user: User) -> QuerySet[BreakGlassGrant]:
    if not user.is_platform_operator:
        return BreakGlassGrant.objects.none()
    return BreakGlassGrant.objects.filter(operator=user).select_related("agency").order_by("-created_at", "-pk")


def grants_for_agency_admin(user: User) -> QuerySet[BreakGlassGrant]:
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).manages_staff:
        return BreakGlassGrant.objects.none()
    return (
        BreakGlassGrant.objects.filter(agency_id=membership.agency_id)
        .select_related("operator", "reviewed_by")
        .order_by("-created_at", "-pk")
    )


def open_alerts_for(user: User) -> QuerySet[AgencyAlert]:
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).manages_staff:
        return AgencyAlert.objects.none()
    return (
        AgencyAlert.objects.filter(agency_id=membership.agency_id, acknowledged_at__isnull=True)
        .select_related("grant", "grant__operator")
        .order_by("-created_at")
    )


def members_for_admin(user: User) -> QuerySet[Membership]:
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).manages_staff:
        return Membership.objects.none()
    return (
        Membership.objects.filter(agency_id=membership.agency_id)
        .select_related("user")
        .prefetch_related("teams")
        .order_by("-is_active", "user__display_name")
    )


def invitations_for_admin(user: User) -> QuerySet[Invitation]:
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).manages_staff:
        return Invitation.objects.none()
    return Invitation.objects.filter(agency_id=membership.agency_id).select_related("team").order_by("-created_at")


def pending_invitations_for_admin(user: User) -> QuerySet[Invitation]:
    """The admin's agency's invitations still open: not accepted, withdrawn or expired."""
    return invitations_for_admin(user).filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def teams_for_user(user: User) -> QuerySet[Team]:
    membership = active_membership(user)
    if membership is None:
        return Team.objects.none()
    return Team.objects.filter(agency_id=membership.agency_id).order_by("name")


def tokens_for_user(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def audit_events_for_admin(user: User) -> QuerySet[AuditEvent]:
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).views_audit:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(agency_id=membership.agency_id).order_by("-id")


def agencies_for_operator(user: User) -> QuerySet[Agency]:
    if not user.is_platform_operator:
        return Agency.objects.none()
    return Agency.objects.filter(is_active=True).order_by("name")


def display_names(user_ids: set[UUID]) -> dict[UUID, str]:
    return dict(User.objects.filter(pk__in=user_ids).values_list("id", "display_name"))


def vocabularies_for_admin(user: User) -> QuerySet[Vocabulary]:
    """Every vocabulary, with counts of the standard's terms and this agency's own, for an agency admin."""
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).manages_staff:
        return Vocabulary.objects.none()
    return Vocabulary.objects.annotate(
        standard_terms=Count("terms", filter=Q(terms__agency__isnull=True, terms__retired=False)),
        agency_terms=Count("terms", filter=Q(terms__agency_id=membership.agency_id, terms__retired=False)),
    ).order_by("code")


def agency_terms_for_admin(user: User) -> QuerySet[Term]:
    """The admin's agency's own terms (the standard's terms are read-only, so never in here)."""
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).manages_staff:
        return Term.objects.none()
    return Term.objects.filter(agency_id=membership.agency_id).select_related("vocabulary")
