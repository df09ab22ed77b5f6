"""Reads of cases, scoped by agency, role scope, team and assignment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from reclaim.accounts.models import User
from reclaim.accounts.roles import Scope, capabilities_for
from reclaim.accounts.selectors import active_membership, live_grant_agency_ids, team_ids
from reclaim.cases.models import (
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    CaseEvent,
    FollowUp,
    FollowUpOutcome,
    FollowUpPolicy,
    FollowUpStatus,
)
from reclaim.cases.state import CaseStatus
from reclaim.people.ages import MINOR_BANDS

if TYPE_CHECKING:
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
    worker: UUID | None = None
    age_band: str = ""
    minors: bool = False
    survivor_ids: tuple[UUID, ...] | None = None  # from a name / birth-date search through blind indexes
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
    if filters.worker is not None:
        cases = cases.filter(
            Q(lead_worker_id=filters.worker)
            | Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user_id=filters.worker))
        )
    if filters.age_band:
        cases = cases.filter(age_band=filters.age_band)
    if filters.minors:
        cases = cases.filter(Q(age_band__in=MINOR_BANDS) | Q(is_minor=True))
    if filters.survivor_ids is not None:
        cases = cases.filter(survivor_id__in=filters.survivor_ids)
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


@dataclass(frozen=True)
class Caseload:
    worker: User
    open_cases: int
    as_lead: int
    in_danger: int
    by_stage: dict[str, int]


def caseloads(user: User) -> list[Caseload]:
    """Open cases per worker among the cases this supervisor or director sees, busiest first (two queries)."""
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).approves_closure:
        return []
    open_cases = cases_for_user(user).exclude(status=CaseStatus.CLOSED)
    stage_counts = {
        stage: Count("pk", filter=Q(case__status=stage)) for stage in CaseStatus.values if stage != CaseStatus.CLOSED
    }
    rows = (
        CaseAssignment.objects.filter(case__in=open_cases)
        .values("user_id")
        .annotate(
            total=Count("pk"),
            lead=Count("pk", filter=Q(case__lead_worker_id=F("user_id"))),
            danger=Count("pk", filter=Q(case__danger_now=True)),
            **stage_counts,
        )
    )
    counts = {row["user_id"]: row for row in rows}
    workers = assignable_staff(user)
    if capabilities_for(membership.role).case_scope == Scope.TEAM:
        workers = workers.filter(memberships__team_links__team_id__in=team_ids(membership)).distinct()
    loads = []
    for worker in workers:
        row = counts.get(worker.pk, {})
        loads.append(
            Caseload(
                worker=worker,
                open_cases=row.get("total", 0),
                as_lead=row.get("lead", 0),
                in_danger=row.get("danger", 0),
                by_stage={stage: row.get(stage, 0) for stage in stage_counts},
            )
        )
    return sorted(loads, key=lambda load: (-load.open_cases, load.worker.display_name))


def follow_up_policy_for(agency_id: Any) -> FollowUpPolicy:
    """The agency's follow-up policy, or an unsaved one holding the defaults (version 0) if none is stored."""
    policy = FollowUpPolicy.objects.filter(agency_id=agency_id).first()
    return policy or FollowUpPolicy(agency_id=agency_id, version=0)


def follow_ups_for_case(case: Case) -> QuerySet[FollowUp]:
    """Every follow-up contact of the case, current period first, with who recorded it and its indicators."""
    return (
        FollowUp.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related("indicator_checks")
        .order_by("-period", "sequence")
    )


def _overdue() -> Q:
    # `is_current` is cleared when the case leaves follow-up, so this also means "case still in follow-up".
    return Q(status=FollowUpStatus.MISSED, is_current=True)


def overdue_follow_ups(user: User) -> QuerySet[FollowUp]:
    """Missed contacts of the current follow-up period on cases this user may see: the worker's to-do
    (DOMAIN.md §10: a missed contact makes a task for a worker, never an alert to anyone outside)."""
    return (
        FollowUp.objects.filter(_overdue(), case__in=cases_for_user(user), case__status=CaseStatus.FOLLOW_UP)
        .select_related("case")
        .order_by("closes_on", "pk")
    )


def has_overdue_follow_up() -> Exists:
    """For case lists: `cases.filter(has_overdue_follow_up())` keeps cases with a missed contact to follow up."""
    return Exists(FollowUp.objects.filter(_overdue(), case=OuterRef("pk")))


@dataclass(frozen=True)
class FollowUpAlerts:
    overdue: list[FollowUp]
    crisis: FollowUp | None


def follow_up_alerts(case: Case) -> FollowUpAlerts:
    """What the case file must show about follow-up: missed contacts, and a last contact that found a crisis."""
    if case.status != CaseStatus.FOLLOW_UP:
        return FollowUpAlerts(overdue=[], crisis=None)
    current = list(FollowUp.objects.filter(case=case, is_current=True).order_by("sequence"))
    overdue = [f for f in current if f.status == FollowUpStatus.MISSED]
    recorded = [f for f in current if f.status == FollowUpStatus.COMPLETED and f.contacted_on is not None]
    last = max(recorded, key=lambda f: (f.contacted_on, f.sequence), default=None)
    crisis = last if last is not None and last.outcome == FollowUpOutcome.REACHED_IN_CRISIS else None
    return FollowUpAlerts(overdue=overdue, crisis=crisis)
