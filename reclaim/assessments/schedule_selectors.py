"""Reads for reassessment schedules (DOMAIN.md §6.2 cadence): the agency's plans, and what is due or
overdue on the cases a user may see.

The due lists (the "Assessments due" page, the API, the task list, the home page's count, the team
dashboard) read the stored next due dates (models.ReassessmentDue): one indexed range query for the rows,
whatever the caseload, plus one for the instruments' names; overdue and "due within DUE_SOON_DAYS" are
worked out in SQL from today (a stored date does not depend on it). The stored dates are kept by
schedule_actions.refresh_due from `next_due_dates` here, which works them out live from the pure cadence.py
in four queries:

1. the open cases (number, stage, intake date), each annotated with its latest outcome rating and the
   latest move into the active plan (two correlated subqueries on indexed columns);
2. the agencies' stored plans;
3. the instruments offered to those agencies (name, code);
4. the latest completed assessment per case and instrument code (one GROUP BY).

One case's Assessments tab (`due_for_case`) still works its dates out live, from what the tab loaded.
The "Assessments due" page shows `DUE_PAGE_SIZE` rows a page (overdue first) and says how many there are in
all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as Case_  # the SQL CASE expression (Case is the model here)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.assessments.cadence import DEFAULT_PLANS, GRACE_DAYS, OUTCOMES, Plan, next_due, next_due_on
from reclaim.assessments.models import (
    Assessment,
    AssessmentPlan,
    AssessmentReminder,
    AssessmentStatus,
    Instrument,
    OutcomeRating,
    ReassessmentDue,
)
from reclaim.assessments.selectors import sees_results
from reclaim.cases.models import Case, CaseEvent, EventType
from reclaim.cases.selectors import cases_for_user
from reclaim.cases.state import CaseStatus
from reclaim.core.queries import first_rows

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reclaim.accounts.models import User

OUTCOMES_NAME = _("Outcome domains")
NOT_SCHEDULED = (CaseStatus.IDENTIFIED, CaseStatus.CLOSED)  # no enrollment yet, or ended
DUE_SOON_DAYS = 14  # the due list shows what falls due within two weeks, and everything overdue
DUE_SOON = datetime.timedelta(days=DUE_SOON_DAYS)
DUE_PAGE_SIZE = 100  # rows on one page of "Assessments due"


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


def _dates(
    status: str,
    intake_on: datetime.date | None,
    created_at: datetime.datetime,
    active_plan_at: datetime.datetime | None,
) -> tuple[datetime.date, datetime.date | None]:
    """A case's intake date (the day it was created when none was recorded) and, in the active plan, the day
    it moved there (the latest such move; the intake date when no move was recorded)."""
    intake = intake_on or timezone.localdate(created_at)
    active_since: datetime.date | None = None
    if status == CaseStatus.ACTIVE_PLAN:
        active_since = timezone.localdate(active_plan_at) if active_plan_at else intake
    return intake, active_since


def _compute(
    rows: list[Case],
    plans: dict[Any, dict[str, tuple[str, Plan]]],
    last_done: dict[tuple[Any, str], datetime.date],
    today: datetime.date,
) -> list[DueItem]:
    items: list[DueItem] = []
    for case in rows:
        intake_on, active_since = _dates(case.status, case.intake_on, case.created_at, case.active_plan_at)  # type: ignore[attr-defined]
        for code, (name, plan) in plans.get(case.agency_id, {}).items():
            last = case.last_rated_on if code == OUTCOMES else last_done.get((case.pk, code))  # type: ignore[attr-defined]
            due = next_due(plan, intake_on=intake_on, last_done=last, today=today, active_plan_since=active_since)
            if due is not None:
                items.append(DueItem(case.pk, case.number, case.agency_id, code, name, due.on, due.overdue))
    return items


def next_due_dates(cases: QuerySet[Case]) -> list[tuple[Any, Any, str, datetime.date]]:
    """(case id, agency id, code, next due date) for every scheduled code of these cases (closed and
    identified ones left out), worked out live: what ReassessmentDue must hold for them. Four queries
    (see the module docstring); none more when there are no such cases. Reads plain values, not model
    instances: it is asked of whole agencies (a rebuild) as well as of one case."""
    rows = list(
        _annotated(cases).values_list(  # type: ignore[misc]  # two of them are _annotated's; the stubs cannot see them
            "pk", "agency_id", "status", "intake_on", "created_at", "last_rated_on", "active_plan_at"
        )
    )
    if not rows:
        return []
    agency_ids = {row[1] for row in rows}
    offered, stored = _offered(agency_ids), _stored(agency_ids)
    plans = {a: _effective(_views(offered[a], stored.get(a, {}))) for a in agency_ids}
    last_done = last_assessed(cases)
    found: list[tuple[Any, Any, str, datetime.date]] = []
    for pk, agency_id, status, intake_on, created_at, last_rated_on, active_plan_at in rows:
        intake, active_since = _dates(status, intake_on, created_at, active_plan_at)
        for code, (_name, plan) in plans.get(agency_id, {}).items():
            last = last_rated_on if code == OUTCOMES else last_done.get((pk, code))
            on = next_due_on(plan, intake_on=intake, last_done=last, active_plan_since=active_since)
            if on is not None:
                found.append((pk, agency_id, code, on))
    return found


def _names(agency_ids: Iterable[Any]) -> Case_:
    """The name of each code as a SQL expression (one query for the offered instruments' names): the due
    lists sort by it, in the reader's language for the outcome rating."""
    ids = list(agency_ids)
    offered = _offered(ids) if ids else {}
    whens = [
        When(agency_id=agency_id, instrument_code=code, then=Value(name))
        for agency_id, names in offered.items()
        for code, name in names.items()
    ]
    whens.append(When(instrument_code=OUTCOMES, then=Value(str(OUTCOMES_NAME))))
    return Case_(*whens, default=F("instrument_code"), output_field=CharField())


DUE_FIELDS = ("case_id", "case_number", "agency_id", "instrument_code", "name", "due_on", "overdue")
DUE_ORDER = ("-overdue", "due_on", "case_number", "name", "pk")  # due_rows' order: overdue first, then by date


def overdue_q(today: datetime.date) -> Q:
    """The stored due dates that are overdue today (cadence: today > due date + GRACE_DAYS)."""
    return Q(due_on__lt=today - datetime.timedelta(days=GRACE_DAYS))


def _stored_due(cases: QuerySet[Case], *, today: datetime.date, overdue_only: bool) -> QuerySet[ReassessmentDue]:
    window = overdue_q(today) if overdue_only else Q(due_on__lte=today + DUE_SOON)
    return ReassessmentDue.objects.filter(window, case_id__in=cases.values("pk"))


def due_rows(
    cases: QuerySet[Case], *, agency_ids: Iterable[Any], today: datetime.date, overdue_only: bool = False
) -> QuerySet[ReassessmentDue]:
    """The stored due dates of these cases that are overdue or due within DUE_SOON_DAYS (only the overdue ones
    with `overdue_only`), annotated with `overdue`, `name` and `case_number`, overdue first, then by date,
    case number and name. `agency_ids` are the cases' agencies: only their rows are read (by index, not every
    agency's 330,000 due dates at 100k), and their instrument names are shown. One query for the names; the rows
    are one indexed range query."""
    agency_ids = list(agency_ids)
    overdue = ExpressionWrapper(overdue_q(today), output_field=BooleanField())
    return (
        _stored_due(cases, today=today, overdue_only=overdue_only)
        .filter(agency_id__in=agency_ids)
        .annotate(overdue=overdue, name=_names(agency_ids), case_number=F("case__number"))
        .order_by(*DUE_ORDER)
    )


def due_count_rows(
    cases: QuerySet[Case], *, today: datetime.date, overdue_only: bool = False
) -> QuerySet[ReassessmentDue]:
    """due_rows without names or order (no query of its own), for counting in SQL with `count_of`;
    `overdue_q` picks the overdue ones."""
    return _stored_due(cases, today=today, overdue_only=overdue_only)


def overdue_count_rows(user: User, *, today: datetime.date) -> QuerySet[ReassessmentDue]:
    """The overdue reassessments on the open cases this user may see, for counting beside other numbers (the
    team dashboard); none for roles that may not see screen results."""
    if not sees_results(user):
        return ReassessmentDue.objects.none()
    return due_count_rows(cases_for_user(user), today=today, overdue_only=True)


def due_items(rows: QuerySet[ReassessmentDue], *, limit: int | None = None, offset: int = 0) -> list[DueItem]:
    """DueItems of `due_rows`, `limit` of them from `offset` (all when None)."""
    values = rows.values_list(*DUE_FIELDS)
    return [DueItem(*row) for row in (values[offset : offset + limit] if limit is not None else values[offset:])]


def due_in(
    cases: QuerySet[Case],
    *,
    agency_ids: Iterable[Any],
    today: datetime.date,
    overdue_only: bool = False,
    limit: int | None = None,
) -> list[DueItem]:
    """What is due within DUE_SOON_DAYS or overdue on these cases (closed and identified ones left out),
    overdue first, then by date; the first `limit` items when given. Two queries (the names, the rows).

    The first `limit` are read with `first_rows`, planned for all the rows: the database joins these cases first,
    whether they are a few or thousands (a worker's own cases: 2 ms for none, about 30 for 5,000). With a plain
    LIMIT, PostgreSQL walks the agency's due dates in order instead, 30-40 ms for a user with no case of their
    own. (A page of *Assessments due*, over every case the user may see, pages with a plain LIMIT: there the walk
    finds the first rows at once.)"""
    rows = due_rows(cases, agency_ids=agency_ids, today=today, overdue_only=overdue_only)
    if limit is None:
        return due_items(rows)
    return [DueItem(*row) for row in first_rows(rows, DUE_FIELDS, DUE_ORDER, limit=limit)]


def _user_due_rows(user: User, *, today: datetime.date, overdue_only: bool) -> QuerySet[ReassessmentDue]:
    membership = active_membership(user)
    if membership is None or not sees_results(user):  # the same shape, no rows, no query
        return due_rows(Case.objects.none(), agency_ids=(), today=today, overdue_only=overdue_only).none()
    return due_rows(cases_for_user(user), agency_ids=[membership.agency_id], today=today, overdue_only=overdue_only)


def due_assessments(
    user: User, *, overdue_only: bool = False, today: datetime.date | None = None, limit: int | None = None
) -> list[DueItem]:
    """Reassessments due soon or overdue on the open cases this user may see (a case manager's assigned
    cases, a supervisor's team, a director's agency: `cases_for_user`), the first `limit` of them when given;
    nothing for roles that may not see screen results. Two queries plus the (cached) membership."""
    rows = _user_due_rows(user, today=today or timezone.localdate(), overdue_only=overdue_only)
    return due_items(rows, limit=limit)


def due_assessment_rows(
    user: User, *, overdue_only: bool = False, today: datetime.date | None = None
) -> QuerySet[ReassessmentDue]:
    """due_assessments' rows as a query (annotated with `overdue`, `name`, `case_number`), for paging and
    counting in SQL: `.aggregate()` the totals, or `count_of()` them beside other counts."""
    return _user_due_rows(user, today=today or timezone.localdate(), overdue_only=overdue_only)


def due_totals(rows: QuerySet[ReassessmentDue]) -> tuple[int, int]:
    """How many of due_rows' rows there are, and how many of them are overdue, in one query."""
    found = rows.order_by().aggregate(n_all=Count("pk"), n_overdue=Count("pk", filter=Q(overdue=True)))
    return found["n_all"], found["n_overdue"]


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
