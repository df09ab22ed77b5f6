"""Reads of cases, scoped by agency, role scope, team and assignment."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from reclaim.accounts.models import User
from reclaim.accounts.roles import Scope, capabilities_for
from reclaim.accounts.selectors import active_membership, capabilities, live_grant_agency_ids, team_ids
from reclaim.cases.models import (
    EVENT_CATEGORIES,
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseNote,
    NoteConfidentiality,
    TimelineCategory,
)


def cases_for_user(user: User) -> QuerySet[Case]:
    """Cases this user may see; none for roles that see no case data."""
    membership = active_membership(user)
    if membership is None:
        if user.is_authenticated and user.is_platform_operator and (agencies := live_grant_agency_ids(user)):
            return Case.objects.filter(agency_id__in=agencies)
        return Case.objects.none()
    scope = capabilities_for(membership.role).case_scope
    cases = Case.objects.filter(agency_id=membership.agency_id)
    if scope == Scope.AGENCY:
        return cases
    assigned = Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user_id=user.pk))
    if scope == Scope.TEAM:
        return cases.filter(Q(team_id__in=team_ids(membership)) | assigned)
    if scope == Scope.ASSIGNED:
        return cases.filter(assigned)
    return Case.objects.none()


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    mine: bool = False
    danger: bool = False
    number: str = ""
    sort: str = "-updated_at"


SORTS = {"-updated_at", "updated_at", "number", "-number", "status"}


def case_list(user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    filters = filters or CaseFilters()
    cases = cases_for_user(user).select_related("survivor", "team", "lead_worker")
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.mine:
        cases = cases.filter(
            Q(lead_worker=user) | Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user_id=user.pk))
        )
    if filters.danger:
        cases = cases.filter(danger_now=True)
    if filters.number:
        cases = cases.filter(number__iexact=filters.number.strip())
    return cases.order_by(filters.sort if filters.sort in SORTS else "-updated_at", "pk")


def note_levels_for(user: User) -> list[str]:
    """Confidentiality levels this user may read and write: general for everyone who sees the case,
    clinical with `sees_clinical`, legal with `sees_legal` (a break-glass operator gets general only)."""
    flags = capabilities(user)
    levels: list[str] = [NoteConfidentiality.GENERAL]
    if flags.sees_clinical:
        levels.append(NoteConfidentiality.CLINICAL)
    if flags.sees_legal:
        levels.append(NoteConfidentiality.LEGAL)
    return levels


def notes_for_case(user: User, case: Case) -> QuerySet[CaseNote]:
    """The one visibility rule for notes: the case's notes at the levels this user may read, newest contact first.

    The case is re-checked against `cases_for_user` in the same query, so a caller that skipped the gate
    still gets nothing it may not see."""
    return (
        CaseNote.objects.filter(
            case=case,
            agency_id=case.agency_id,
            case_id__in=cases_for_user(user).values("pk"),
            confidentiality__in=note_levels_for(user),
        )
        .select_related("author", "struck_by")
        .order_by("-occurred_on", "-created_at", "pk")
    )


@dataclass(frozen=True)
class TimelineFilters:
    category: str = ""  # a TimelineCategory value; "" is everything
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def timeline_for_case(user: User, case: Case, filters: TimelineFilters | None = None) -> QuerySet[CaseEvent]:
    """The case's events this user may see, newest first.

    An event whose parameters carry a `confidentiality` is dropped in SQL unless the user may read that
    level (an unknown level is hidden), so counts and pages only ever include what the user sees."""
    filters = filters or TimelineFilters()
    events = CaseEvent.objects.filter(
        case=case, agency_id=case.agency_id, case_id__in=cases_for_user(user).values("pk")
    ).filter(Q(parameters__confidentiality__isnull=True) | Q(parameters__confidentiality__in=note_levels_for(user)))
    if filters.category == TimelineCategory.OTHER:
        events = events.exclude(type__in=list(EVENT_CATEGORIES))
    elif filters.category:
        events = events.filter(type__in=[t for t, c in EVENT_CATEGORIES.items() if c == filters.category])
    if filters.date_from is not None:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to is not None:
        events = events.filter(at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    return events.select_related("actor").order_by("-at", "-created_at", "-pk")


def approvals_for_case(case: Case) -> QuerySet[ApprovalRequest]:
    return (
        ApprovalRequest.objects.filter(case=case).select_related("requested_by", "decided_by").order_by("-created_at")
    )


def pending_approval(case: Case) -> ApprovalRequest | None:
    return ApprovalRequest.objects.filter(case=case, status=ApprovalStatus.PENDING).first()


def approvals_waiting_for(user: User) -> QuerySet[ApprovalRequest]:
    """Pending approvals on cases this user may see, if their role approves."""
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).approves_closure:
        return ApprovalRequest.objects.none()
    return (
        ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING, case__in=cases_for_user(user))
        .select_related("case", "requested_by")
        .order_by("created_at")
    )


def assignable_staff(user: User) -> QuerySet[User]:
    membership = active_membership(user)
    if membership is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__agency_id=membership.agency_id,
            memberships__is_active=True,
            memberships__role__in=["supervisor", "case_manager", "clinician", "legal_advocate"],
        )
        .distinct()
        .order_by("display_name")
    )
