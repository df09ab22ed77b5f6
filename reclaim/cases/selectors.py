"""Reads of cases, scoped by agency, role scope, team and assignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from reclaim.accounts.models import User
from reclaim.accounts.roles import Scope, capabilities_for
from reclaim.accounts.selectors import active_membership, capabilities, live_grant_agency_ids, team_ids
from reclaim.cases.models import (
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    CaseEvent,
    ImmediateNeed,
    NeedKind,
    Screening,
    ScreeningIndicator,
)
from reclaim.cases.state import CaseStatus

if TYPE_CHECKING:
    import datetime
    from uuid import UUID


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


def timeline_for_case(case: Case) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-created_at")


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


NEED_ORDER = {need: position for position, need in enumerate(NeedKind.values)}


def needs_for_case(case: Case) -> list[ImmediateNeed]:
    """The case's checklist in the order of DOMAIN.md §3.4, with who handles and who last recorded each."""
    needs = ImmediateNeed.objects.filter(case=case).select_related("handled_by", "updated_by")
    return sorted(needs, key=lambda n: NEED_ORDER.get(n.need, len(NEED_ORDER)))


def with_urgent_open(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case with `urgent_open`, its urgent needs not yet resolved, in the same query."""
    open_urgent = (
        ImmediateNeed.objects.filter(case=OuterRef("pk"), urgent=True, resolved_at__isnull=True)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cases.annotate(urgent_open=Coalesce(Subquery(open_urgent, output_field=IntegerField()), 0))


def screenings_for_case(case: Case) -> QuerySet[Screening]:
    return (
        Screening.objects.filter(case=case)
        .select_related("screener", "determination")
        .prefetch_related(Prefetch("indicators", queryset=ScreeningIndicator.objects.order_by("code")))
        .order_by("-screened_on", "-created_at")
    )


@dataclass
class UrgentCase:
    """A case on the dashboard: its number (never a name), and its urgent needs still open (checklist order)."""

    case_id: UUID
    number: str
    oldest_opened_at: datetime.datetime
    needs: list[ImmediateNeed] = field(default_factory=list)


def urgent_needs_for_user(user: User, *, limit: int = 50, scan: int = 1000) -> list[UrgentCase]:
    """Open cases this casework user may see that have urgent needs not yet resolved, the longest-waiting first.

    One query after the membership; only the case number is loaded, never the encrypted case fields."""
    if not capabilities(user).works_cases:
        return []
    rows = (
        ImmediateNeed.objects.filter(case__in=cases_for_user(user), urgent=True, resolved_at__isnull=True)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case")
        .only("need", "opened_at", "case_id", "case__number", "agency_id")
        .order_by("opened_at", "pk")[:scan]
    )
    cases: dict[UUID, UrgentCase] = {}
    for need in rows:
        entry = cases.get(need.case_id)
        if entry is None:
            if len(cases) >= limit:
                continue
            entry = cases[need.case_id] = UrgentCase(need.case_id, need.case.number, need.opened_at)
        entry.needs.append(need)
    for entry in cases.values():
        entry.needs.sort(key=lambda n: NEED_ORDER.get(n.need, len(NEED_ORDER)))
    return list(cases.values())
