"""Reads of cases, scoped by agency, role scope, team and assignment."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from reclaim.accounts.models import User
from reclaim.accounts.roles import Scope, capabilities_for
from reclaim.accounts.selectors import active_membership, live_grant_agency_ids, team_ids
from reclaim.cases.models import (
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseFlag,
    EventCoding,
    HistoricEvent,
)
from reclaim.core import htcds


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


def history_for_case(case: Case) -> QuerySet[HistoricEvent]:
    """The case's trafficking history, oldest first (undated events last), with codes in one extra query."""
    return (
        HistoricEvent.objects.filter(case=case, archived_at__isnull=True)
        .prefetch_related(Prefetch("codings", queryset=EventCoding.objects.order_by("vocabulary", "code")))
        .order_by(F("started_on").asc(nulls_last=True), "created_at")
    )


def active_flags_for_case(case: Case) -> list[CaseFlag]:
    """Flags not yet cleared, newest first: one query (the banner on every case page)."""
    return list(
        CaseFlag.objects.filter(case=case, cleared_at__isnull=True).select_related("raised_by").order_by("-raised_at")
    )


def flags_for_case(case: Case) -> QuerySet[CaseFlag]:
    return CaseFlag.objects.filter(case=case).select_related("raised_by", "cleared_by").order_by("-raised_at")


def has_coding(vocabulary: str, code: str) -> Exists:
    """An EXISTS for `cases.filter(...)`: the case has a live history event carrying this vocabulary code."""
    return Exists(
        EventCoding.objects.filter(
            case=OuterRef("pk"), vocabulary=vocabulary, code=code, event__archived_at__isnull=True
        )
    )


def has_exploitation_type(code: str) -> Exists:
    """For the case list's "trafficking type" filter: `cases.filter(has_exploitation_type("ForcedLabour"))`."""
    return has_coding(htcds.TYPE_OF_EXPLOITATION, code)


def case_ids_with_exploitation_type(user: User, code: str) -> QuerySet[Case]:
    """Ids of the cases this user may see whose history records this type of exploitation."""
    return cases_for_user(user).filter(has_exploitation_type(code)).values_list("pk", flat=True)  # type: ignore[return-value]


def with_active_flag(kind: str | None = None) -> Exists:
    """For the case list's "flags" filter: `cases.filter(with_active_flag("safety_concern"))`; any kind if None."""
    flags = CaseFlag.objects.filter(case=OuterRef("pk"), cleared_at__isnull=True)
    return Exists(flags.filter(kind=kind) if kind else flags)
