"""Reads for reassessment schedules (DOMAIN.md §6.2 cadence): the agency's plans, and what is due or
overdue on the cases a user may see. The date arithmetic is the pure cadence.py; this module only gathers
its inputs, in a fixed number of queries whatever the caseload:

1. the open cases (number, stage, intake date), each annotated with its latest outcome rating and the
   latest move into the active plan (two correlated subqueries on indexed columns);
2. the agencies' stored plans;
3. the instruments offered to those agencies (name, code);
4. the latest completed assessment per case and instrument code (one GROUP BY).

Four queries, plus the membership lookup that is cached for the request. The Python work grows with the
number of open cases times the planned instruments; the "Assessments due" page shows at most
`DUE_PAGE_LIMIT` rows (overdue first) and says how many there are in all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import DateTimeField, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.selectors import capabilities
from reclaim.assessments.cadence import DEFAULT_PLANS, OUTCOMES, Plan, next_due
from reclaim.assessments.models import (
    Assessment,
    AssessmentPlan,
    AssessmentReminder,
    AssessmentStatus,
    Instrument,
    OutcomeRating,
)
from reclaim.assessments.selectors import sees_results
from reclaim.cases.models import Case, CaseEvent, EventType
from reclaim.cases.selectors import cases_for_user
from reclaim.cases.state import CaseStatus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reclaim.accounts.models import User

OUTCOMES_NAME = _("Outcome domains")
NOT_SCHEDULED = (CaseStatus.IDENTIFIED, CaseStatus.CLOSED)  # no enrollment yet, or ended
DUE_SOON_DAYS = 14  # the due list shows what falls due within two weeks, and everything overdue
DUE_PAGE_LIMIT = 500


@dataclass(frozen=True)
class PlanView:
    """The plan an agency follows for one code: its stored row, or the default (version 0, not stored)."""

    code: str
    name: str
    first_months: tuple[int, ...]
    then_every_months: int | None
    active_plan_every_months: int | None
    active: bool
    version: int
    is_default: bool

    def as_plan(self) -> Plan | None:
        if not self.active:
            return None
        return Plan(
            first_months=self.first_months,
            then_every_months=self.then_every_months,
            active_plan_every_months=self.active_plan_every_months,
        )


@dataclass(frozen=True)
class DueItem:
    """One reassessment the plan asks for: the case (number only, never a name), what, when, whether overdue."""

    case_id: Any
    case_number: str
    agency_id: Any
    code: str
    name: str
    due_on: datetime.date
    overdue: bool


def _plan_view(code: str, name: str, row: AssessmentPlan | None) -> PlanView:
    if row is not None:
        return PlanView(
            code=code,
            name=name,
            first_months=tuple(int(m) for m in row.first_months),
            then_every_months=row.then_every_months,
            active_plan_every_months=row.active_plan_every_months,
            active=row.active,
            version=row.version,
            is_default=False,
        )
    default = DEFAULT_PLANS.get(code)
    shown = default or Plan()  # an agency's own instrument: not scheduled until a plan is saved for it
    return PlanView(
        code=code,
        name=name,
        first_months=shown.first_months,
        then_every_months=shown.then_every_months,
        active_plan_every_months=shown.active_plan_every_months,
        active=default is not None,
        version=0,
        is_default=True,
    )


def _offered(agency_ids: Iterable[Any]) -> dict[Any, dict[str, str]]:
    """agency id -> {code: name} of the instruments offered to it (shipped and its own), in one query."""
    ids = list(agency_ids)
    names: dict[Any, dict[str, str]] = {agency_id: {} for agency_id in ids}
    rows = (
        Instrument.objects.filter(Q(agency__isnull=True) | Q(agency_id__in=ids), active=True)
        .order_by("agency_id", "name")
        .values_list("agency_id", "code", "name")
    )
    for owner, code, name in rows:
        for agency_id in ids if owner is None else [owner]:
            names[agency_id][code] = name
    return names


def _stored(agency_ids: Iterable[Any]) -> dict[Any, dict[str, AssessmentPlan]]:
    stored: dict[Any, dict[str, AssessmentPlan]] = {}
    for row in AssessmentPlan.objects.filter(agency_id__in=list(agency_ids)):
        stored.setdefault(row.agency_id, {})[row.instrument_code] = row
    return stored


def _views(names: dict[str, str], stored: dict[str, AssessmentPlan]) -> list[PlanView]:
    codes = {**names, OUTCOMES: str(OUTCOMES_NAME)}
    return [_plan_view(code, name, stored.get(code)) for code, name in codes.items()]


def plans_for_agency(agency_id: Any) -> list[PlanView]:
    """Every code the agency could schedule (its offered instruments and the outcome rating) with the plan
    it follows now; the outcome rating last. Two queries."""
    return _views(_offered([agency_id])[agency_id], _stored([agency_id]).get(agency_id, {}))


def plan_for_code(agency_id: Any, code: str) -> PlanView | None:
    """The plan for one code, or None when the code is neither an offered instrument nor "outcomes"."""
    return next((view for view in plans_for_agency(agency_id) if view.code == code), None)


def _effective(views: list[PlanView]) -> dict[str, tuple[str, Plan]]:
    """code -> (name, plan) for the codes that are scheduled. A stored plan that no longer validates (it
    never should) falls back to the default rather than stopping every reminder."""
    plans: dict[str, tuple[str, Plan]] = {}
    for view in views:
        try:
            plan = view.as_plan()
        except ValueError:
            plan = DEFAULT_PLANS.get(view.code)
        if plan is not None:
            plans[view.code] = (view.name, plan)
    return plans


def _annotated(cases: QuerySet[Case]) -> QuerySet[Case]:
    last_rating = OutcomeRating.objects.filter(case_id=OuterRef("pk")).order_by("-rated_on").values("rated_on")[:1]
    into_plan = (
        CaseEvent.objects.filter(
            case_id=OuterRef("pk"), type=EventType.STATUS_CHANGED, parameters__new=CaseStatus.ACTIVE_PLAN
        )
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        cases.exclude(status__in=NOT_SCHEDULED)
        .annotate(
            last_rated_on=Subquery(last_rating),
            active_plan_at=Subquery(into_plan, output_field=DateTimeField()),
        )
        .only("pk", "number", "agency_id", "status", "intake_on", "created_at")
        .order_by()
    )


def last_assessed(cases: QuerySet[Case]) -> dict[tuple[Any, str], datetime.date]:
    """(case id, instrument code) -> date of the latest completed assessment, in one query."""
    rows = (
        Assessment.objects.filter(case_id__in=cases.values("pk"), status=AssessmentStatus.COMPLETED)
        .values("case_id", "instrument_version__instrument__code")
        .annotate(last=Max("administered_on"))
        .order_by()
    )
    return {(row["case_id"], row["instrument_version__instrument__code"]): row["last"] for row in rows}


def _compute(
    rows: list[Case],
    plans: dict[Any, dict[str, tuple[str, Plan]]],
    last_done: dict[tuple[Any, str], datetime.date],
    today: datetime.date,
) -> list[DueItem]:
    items: list[DueItem] = []
    for case in rows:
        intake_on = case.intake_on or timezone.localdate(case.created_at)
        active_since: datetime.date | None = None
        if case.status == CaseStatus.ACTIVE_PLAN:
            moved_at = case.active_plan_at  # type: ignore[attr-defined]
            active_since = timezone.localdate(moved_at) if moved_at else intake_on
        for code, (name, plan) in plans.get(case.agency_id, {}).items():
            last = case.last_rated_on if code == OUTCOMES else last_done.get((case.pk, code))  # type: ignore[attr-defined]
            due = next_due(plan, intake_on=intake_on, last_done=last, today=today, active_plan_since=active_since)
            if due is not None:
                items.append(DueItem(case.pk, case.number, case.agency_id, code, name, due.on, due.overdue))
    return items


def _sorted(items: list[DueItem]) -> list[DueItem]:
    return sorted(items, key=lambda i: (not i.overdue, i.due_on, i.case_number, i.name))


def due_in(cases: QuerySet[Case], *, today: datetime.date, overdue_only: bool = False) -> list[DueItem]:
    """What is due within DUE_SOON_DAYS or overdue on these cases (closed and identified ones left out),
    overdue first, then by date. Four queries (see the module docstring); none more when there are no cases."""
    rows = list(_annotated(cases))
    if not rows:
        return []
    agency_ids = {row.agency_id for row in rows}
    offered, stored = _offered(agency_ids), _stored(agency_ids)
    plans = {a: _effective(_views(offered[a], stored.get(a, {}))) for a in agency_ids}
    items = _compute(rows, plans, last_assessed(cases), today)
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return _sorted([i for i in items if i.overdue or (not overdue_only and i.due_on <= horizon)])


def due_assessments(user: User, *, overdue_only: bool = False, today: datetime.date | None = None) -> list[DueItem]:
    """Reassessments due soon or overdue on the open cases this user may see (a case manager's assigned
    cases, a supervisor's team, a director's agency: `cases_for_user`); nothing for roles that may not see
    screen results."""
    if not sees_results(user):
        return []
    return due_in(cases_for_user(user), today=today or timezone.localdate(), overdue_only=overdue_only)


def due_for_case(
    case: Case,
    assessments: Iterable[Assessment],
    instruments: Iterable[Instrument],
    *,
    today: datetime.date | None = None,
) -> list[DueItem]:
    """The next date of every scheduled instrument on one case (already through the gate), for its
    Assessments tab: two queries (the plans; the case with its latest rating and move into the active
    plan). The offered instruments and the last dates come from what the tab already loaded."""
    if case.status in NOT_SCHEDULED:
        return []
    last_done: dict[tuple[Any, str], datetime.date] = {}
    for row in assessments:
        if row.status == AssessmentStatus.COMPLETED and row.administered_on:
            key = (case.pk, row.instrument_version.instrument.code)
            last_done[key] = max(last_done.get(key, row.administered_on), row.administered_on)
    rows = list(_annotated(Case.objects.filter(pk=case.pk)))
    if not rows:
        return []
    names = {instrument.code: instrument.name for instrument in instruments}
    views = _views(names, _stored([case.agency_id]).get(case.agency_id, {}))
    items = _compute(rows, {case.agency_id: _effective(views)}, last_done, today or timezone.localdate())
    return sorted(items, key=lambda i: (i.due_on, i.name))


def overdue_count(user: User) -> int:
    """Overdue reassessments on the user's open cases (overdue_reminders): one COUNT query."""
    return overdue_reminders(user).count()


def overdue_reminders(user: User) -> QuerySet[AssessmentReminder]:
    """The reminders of overdue reassessments on the user's open cases, from what the periodic job recorded (so
    at most one job period behind the live list). A reminder no longer counts once an assessment (or rating)
    on or after its due date exists, or its plan was switched off."""
    if not sees_results(user) or not capabilities(user).works_cases:
        return AssessmentReminder.objects.none()
    answered = Exists(
        Assessment.objects.filter(
            case_id=OuterRef("case_id"),
            status=AssessmentStatus.COMPLETED,
            instrument_version__instrument__code=OuterRef("instrument_code"),
            administered_on__gte=OuterRef("due_on"),
        )
    )
    rated = Exists(OutcomeRating.objects.filter(case_id=OuterRef("case_id"), rated_on__gte=OuterRef("due_on")))
    switched_off = Exists(
        AssessmentPlan.objects.filter(
            agency_id=OuterRef("agency_id"), instrument_code=OuterRef("instrument_code"), active=False
        )
    )
    open_cases = cases_for_user(user).exclude(status__in=NOT_SCHEDULED).values("pk")
    return (
        AssessmentReminder.objects.filter(case_id__in=open_cases)
        .exclude(Q(instrument_code=OUTCOMES) & rated)
        .exclude(~Q(instrument_code=OUTCOMES) & answered)
        .exclude(switched_off)
    )
