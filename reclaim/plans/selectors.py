"""Reads of plans, goals, tasks and reviews. Case-level reads take a case the caller already got through
`reclaim.cases.access.access_case_by_id`; the task-list sources scope by the user themselves."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from reclaim.accounts.models import Membership, User
from reclaim.accounts.roles import CAPABILITIES
from reclaim.accounts.selectors import active_membership
from reclaim.assessments.models import OutcomeScale
from reclaim.assessments.outcome_selectors import current_scale_for, latest_result_for_case
from reclaim.cases.models import Case, CaseAssignment, ImmediateNeed, NeedKind
from reclaim.cases.selectors import cases_for_user
from reclaim.cases.state import CaseStatus
from reclaim.plans.models import (
    REVIEW_DUE_SOON_DAYS,
    Goal,
    GoalProgressNote,
    GoalStatus,
    Plan,
    PlannedFrequency,
    PlannedService,
    PlanPolicy,
    PlanVersion,
    Task,
    TaskStatus,
)
from reclaim.services.models import ServiceCategory, ServiceType
from reclaim.services.selectors import GoalDelivery, delivered_per_goal

if TYPE_CHECKING:
    from uuid import UUID

# A domain whose latest score is below this is suggested as a goal (DOMAIN.md §6.2: 1 most vulnerable, 4 least).
LOW_DOMAIN_SCORE = Decimal("2.5")

# What an open immediate need or a low outcome domain suggests as the goal's domain and main kind of service.
NEED_SUGGESTS: dict[str, tuple[str, str]] = {
    NeedKind.SAFETY: ("safety", "crisis_intervention"),
    NeedKind.SAFE_ACCOMMODATION: ("housing", "housing_shelter"),
    NeedKind.MEDICAL_CARE: ("physical_wellbeing", "physical_healthcare"),
    NeedKind.FOOD_CLOTHING: ("", "basic_necessities"),
    NeedKind.INTERPRETER: ("", "interpretation"),
    NeedKind.LEGAL_EMERGENCY: ("legal_protection", "legal_assistance"),
    NeedKind.CHILDCARE: ("", "childcare"),
}
DOMAIN_SUGGESTS: dict[str, str] = {
    "safety": "crisis_intervention",
    "legal_protection": "legal_assistance",
    "mental_wellbeing": "psychological_support",
    "economic_education": "vocational_training",
    "social_support": "support_group",
    "physical_wellbeing": "physical_healthcare",
    "housing": "housing_shelter",
}

CASE_EDITING_ROLES = [role for role, caps in CAPABILITIES.items() if caps.edits_cases]


def plan_policy_for(agency_id: Any) -> PlanPolicy:
    """The agency's plan-review rule, or an unsaved one holding the defaults (version 0) if none is stored."""
    return PlanPolicy.objects.filter(agency_id=agency_id).first() or PlanPolicy(agency_id=agency_id, version=0)


def plan_for_case(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case, agency_id=case.agency_id).first()


def domain_choices(agency_id: Any) -> list[tuple[str, str]]:
    """The outcome domains of the agency's current scale, in scale order: (code, name)."""
    try:
        scale = current_scale_for(agency_id)
    except OutcomeScale.DoesNotExist:
        return []
    return [(domain.code, domain.display_name) for domain in scale.domains.all()]


def category_choices() -> list[tuple[str, str]]:
    rows = ServiceCategory.objects.filter(retired=False).order_by("position").only("code", "label", "introduced_in")
    return [(row.code, row.display_label) for row in rows]


def service_type_choices() -> list[tuple[str, str]]:
    rows = (
        ServiceType.objects.filter(retired=False, category__retired=False)
        .order_by("category__position", "position")
        .only("code", "label", "introduced_in")
    )
    return [(row.code, row.display_label) for row in rows]


def task_owner_choices(agency_id: Any) -> QuerySet[User]:
    """Staff of the agency who work and edit cases: the people a plan step can be given to."""
    return (
        User.objects.filter(
            Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"), agency_id=agency_id, is_active=True, role__in=CASE_EDITING_ROLES
                )
            )
        )
        .order_by("display_name")
        .only("pk", "display_name")
    )


@dataclass(frozen=True)
class GoalSuggestion:
    """A goal the case suggests; nothing is created until the worker ticks it."""

    key: str  # "need:<kind>" or "domain:<code>"
    source: str  # "need" or "domain"
    label: str  # the need's or domain's name (reference data, never survivor text)
    domain: str
    service_category: str
    score: Decimal | None = None


def goal_suggestions(case: Case) -> list[GoalSuggestion]:
    """Open immediate needs (checklist order) and outcome domains scored below 2.5 at the latest rating.

    Two queries: the open needs, the latest rating's scores."""
    labels = dict(NeedKind.choices)
    needs = ImmediateNeed.objects.filter(case=case, agency_id=case.agency_id, resolved_at__isnull=True)
    order = {kind: position for position, kind in enumerate(NeedKind.values)}
    suggestions = []
    for need in sorted(needs.only("need"), key=lambda n: order.get(n.need, len(order))):
        domain, category = NEED_SUGGESTS.get(need.need, ("", ""))
        suggestions.append(
            GoalSuggestion(f"need:{need.need}", "need", str(labels.get(need.need, need.need)), domain, category)
        )
    latest = latest_result_for_case(case)
    suggestions.extend(
        GoalSuggestion(
            f"domain:{result.code}",
            "domain",
            result.name,
            result.code,
            DOMAIN_SUGGESTS.get(result.code, ""),
            result.score,
        )
        for result in (latest.domains if latest else [])
        if result.score is not None and result.score < LOW_DOMAIN_SCORE
    )
    return suggestions


@dataclass(frozen=True)
class PlannedRow:
    item: PlannedService
    label: str  # the service's or the category's name
    frequency: str  # the frequency's label, or ""


def planned_rows(items: list[PlannedService]) -> list[PlannedRow]:
    """Planned services with their taxonomy labels (two queries for the labels, whatever the number)."""
    categories, types = dict(category_choices()), dict(service_type_choices())
    frequencies = dict(PlannedFrequency.choices)
    return [
        PlannedRow(
            item,
            types.get(item.service_type) or categories.get(item.service_category) or item.service_category,
            str(frequencies.get(item.frequency, "")),
        )
        for item in items
    ]


@dataclass
class GoalRow:
    goal: Goal
    domain_name: str
    category_name: str
    tasks: list[Task]
    planned: list[PlannedRow]
    delivered: GoalDelivery | None


@dataclass
class PlanPage:
    """Everything the plan tab shows, in a constant number of queries whatever the number of goals."""

    plan: Plan
    goals: list[GoalRow]
    loose_tasks: list[Task]
    versions: list[PlanVersion]

    @property
    def pending_review(self) -> PlanVersion | None:
        return next((v for v in self.versions if v.awaiting_sign_off), None)


def plan_page(case: Case, plan: Plan) -> PlanPage:
    goals = list(
        Goal.objects.filter(plan=plan, agency_id=case.agency_id).prefetch_related(
            Prefetch("tasks", queryset=Task.objects.select_related("owner").order_by("status", "due_on", "created_at")),
            Prefetch("planned_services", queryset=PlannedService.objects.order_by("created_at")),
        )
    )
    loose = list(
        Task.objects.filter(case=case, agency_id=case.agency_id, goal__isnull=True)
        .select_related("owner")
        .order_by("status", "due_on", "created_at")
    )
    delivered = delivered_per_goal(case)
    versions = list(
        PlanVersion.objects.filter(plan=plan)
        .defer("snapshot")
        .select_related("reviewed_by", "signed_off_by")
        .order_by("-number")
    )
    domains, categories = dict(domain_choices(case.agency_id)), dict(category_choices())
    types, frequencies = dict(service_type_choices()), dict(PlannedFrequency.choices)
    rows = []
    for goal in goals:
        planned = [
            PlannedRow(
                item,
                types.get(item.service_type) or categories.get(item.service_category) or item.service_category,
                str(frequencies.get(item.frequency, "")),
            )
            for item in goal.planned_services.all()
        ]
        rows.append(
            GoalRow(
                goal,
                domains.get(goal.domain, goal.domain),
                categories.get(goal.service_category, goal.service_category),
                list(goal.tasks.all()),
                planned,
                delivered.get(goal.pk),
            )
        )
    return PlanPage(plan=plan, goals=rows, loose_tasks=loose, versions=versions)


def snapshot_for_display(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A stored snapshot with the labels of its status and frequency codes added (no query)."""
    goal_statuses, task_statuses = dict(GoalStatus.choices), dict(TaskStatus.choices)
    frequencies = dict(PlannedFrequency.choices)

    def task(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "status_label": str(task_statuses.get(row.get("status", ""), ""))}

    goals = [
        {
            **goal,
            "status_label": str(goal_statuses.get(goal.get("status", ""), "")),
            "tasks": [task(t) for t in goal.get("tasks", [])],
            "planned": [
                {**p, "frequency_label": str(frequencies.get(p.get("frequency", ""), ""))}
                for p in goal.get("planned", [])
            ],
        }
        for goal in snapshot.get("goals", [])
    ]
    return {**snapshot, "goals": goals, "tasks": [task(t) for t in snapshot.get("tasks", [])]}


def goals_for_plan(plan: Plan) -> QuerySet[Goal]:
    return Goal.objects.filter(plan=plan, agency_id=plan.agency_id)


def progress_notes_for_goal(goal: Goal) -> QuerySet[GoalProgressNote]:
    return GoalProgressNote.objects.filter(goal=goal, agency_id=goal.agency_id).select_related("author")


def planned_services_for_goal(goal: Goal) -> QuerySet[PlannedService]:
    return PlannedService.objects.filter(goal=goal, agency_id=goal.agency_id)


def tasks_for_case(case: Case) -> QuerySet[Task]:
    return Task.objects.filter(case=case, agency_id=case.agency_id).select_related("owner")


def versions_for_plan(plan: Plan) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan=plan, agency_id=plan.agency_id).select_related(
        "reviewed_by", "signed_off_by"
    )


def open_tasks_owned_by(user: User) -> QuerySet[Task]:
    """The user's open plan steps and case tasks, on cases they may still see, by due date (undated last, on
    every database: the task list's order), then as they were made (one query). A member's cases are all in
    the member's agency: saying so lets the database read that agency's tasks by index."""
    tasks = Task.objects.filter(owner=user, status=TaskStatus.OPEN, case__in=cases_for_user(user))
    if (membership := active_membership(user)) is not None:
        tasks = tasks.filter(agency_id=membership.agency_id)
    return (
        tasks.select_related("case")
        .only("pk", "title", "due_on", "agency_id", "case_id", "goal_id", "case__number")
        .order_by(F("due_on").asc(nulls_last=True), "created_at", "pk")
    )


def reviews_due_for(user: User, today: datetime.date) -> QuerySet[Plan]:
    """Plans of open cases assigned to this user whose review is due within 14 days or overdue, by due date (one
    query). A member's cases are all in the member's agency: saying so lets the database read that agency's plans
    by index."""
    plans = Plan.objects.filter(
        case__in=cases_for_user(user), next_review_on__lte=today + datetime.timedelta(days=REVIEW_DUE_SOON_DAYS)
    )
    if (membership := active_membership(user)) is not None:
        plans = plans.filter(agency_id=membership.agency_id)
    return (
        plans.filter(Exists(CaseAssignment.objects.filter(case=OuterRef("case_id"), user_id=user.pk)))
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case")
        .only("pk", "next_review_on", "agency_id", "case_id", "case__number")
        .order_by("next_review_on", "pk")
    )


def reviews_awaiting_sign_off(user: User) -> QuerySet[PlanVersion]:
    """Reviews waiting for a sign-off on cases this user may see (for supervisors and directors)."""
    return (
        PlanVersion.objects.filter(needs_sign_off=True, signed_off_at__isnull=True, case__in=cases_for_user(user))
        .filter(~Q(reviewed_by=user))
        .select_related("case")
        .only("pk", "reviewed_on", "agency_id", "case_id", "plan_id", "case__number")
        .order_by("reviewed_on")
    )


def staff_names(agency_id: Any, user_ids: set[UUID]) -> dict[UUID, str]:
    return dict(
        User.objects.filter(pk__in=user_ids, memberships__agency_id=agency_id).values_list("pk", "display_name")
    )
