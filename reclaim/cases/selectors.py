"""Reads of cases, scoped by agency, role scope, team and assignment."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from reclaim.accounts.models import Agency, User
from reclaim.accounts.roles import Scope, capabilities_for
from reclaim.accounts.selectors import active_membership, capabilities, live_grant_agency_ids, team_ids
from reclaim.cases.models import (
    EVENT_CATEGORIES,
    SCREEN_RESULT_EVENTS,
    ApprovalRequest,
    ApprovalStatus,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseFlag,
    CaseNote,
    EventCoding,
    FollowUp,
    FollowUpChannel,
    FollowUpOutcome,
    FollowUpPolicy,
    FollowUpStatus,
    HistoricEvent,
    ImmediateNeed,
    NeedKind,
    NeedStatus,
    NoteConfidentiality,
    Screening,
    ScreeningIndicator,
    StatusDetermination,
    TimelineCategory,
)
from reclaim.cases.state import CaseStatus
from reclaim.core import htcds
from reclaim.core.memo import shared_read
from reclaim.core.queries import checked_row_by_row, count_of, read_together
from reclaim.people.ages import MINOR_BANDS
from reclaim.people.selectors import member_gates

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from reclaim.people.models import Survivor


def cases_for_user(user: User) -> QuerySet[Case]:
    """Cases this user may see; none for roles that see no case data. Built once within a page that shares its
    reads (core.memo: the home page's panels and task sources, the case pages' gate and their reads of the
    case's rows each start from it); each caller gets a copy (`.all()`), so its filters, and any rows it reads,
    stay its own."""
    return shared_read(user, "cases.cases_for_user", lambda: _cases_for_user(user)).all()


def _cases_for_user(user: User) -> QuerySet[Case]:
    membership = active_membership(user)
    if membership is None:
        if user.is_authenticated and user.is_platform_operator and (agencies := live_grant_agency_ids(user)):
            return Case.objects.filter(agency_id__in=agencies)
        return Case.objects.none()
    scope = capabilities_for(membership.role).case_scope
    # member_gates: e.g. nothing while the agency requires trauma-informed care first and the user lacks it
    cases = Case.objects.filter(*member_gates(membership), agency_id=membership.agency_id)
    if scope == Scope.AGENCY:
        return cases
    assigned = Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user_id=user.pk))
    if scope == Scope.TEAM:
        return cases.filter(Q(team_id__in=team_ids(membership)) | assigned)
    if scope == Scope.ASSIGNED:
        return cases.filter(assigned)
    return Case.objects.none()


def sees_many_cases(user: User, *, more_than: int) -> bool:
    """Whether this user may see more than `more_than` cases, read from the assignment and team indexes: a hint
    for the shape of a query over their cases' rows (walk the agency's rows in order and check each one's case,
    or read case by case), never an access rule. At most one query, reading at most `more_than` + 1 entries of
    each index; none for an agency-wide role (always many) or a user without a membership (never)."""
    membership = active_membership(user)
    if membership is None:
        return False
    scope = capabilities_for(membership.role).case_scope
    if scope == Scope.AGENCY:
        return True
    if scope not in {Scope.TEAM, Scope.ASSIGNED}:
        return False
    agency_id = membership.agency_id
    counts = {
        "assigned": count_of(CaseAssignment.objects.filter(agency_id=agency_id, user_id=user.pk), limit=more_than + 1)
    }
    if scope == Scope.TEAM:
        teams = Case.objects.filter(agency_id=agency_id, team_id__in=team_ids(membership))
        counts["team"] = count_of(teams, limit=more_than + 1)
    found = read_together(Agency.objects.filter(pk=agency_id), **counts)
    return any(n > more_than for n in found.values())


# Set by the case gate (access.access_case_by_id) on the instance it returns: the user it let through. The
# instance lives for one request, so it can only say "this user passed the gate for this case a moment ago".
_PASSED_GATE_FOR = "_reclaim_passed_gate_for"


def mark_passed_gate(user: User, case: Case) -> None:
    setattr(case, _PASSED_GATE_FOR, user.pk)


def case_if_seen(user: User, case: Case) -> QuerySet[Case, Any] | list[Any]:
    """The case's pk, if this user may see it: the re-check of the gate inside a query about one case's rows.
    Filtered to the one case, so the database never reads the list of every case the user may see (on SQLite
    an `IN (cases_for_user)` subquery is built in full first: 33,000 rows for a case manager at 100k).

    A case this user's gate returned in this request is not checked twice: its pk alone. Building and
    compiling the access query again, and PostgreSQL planning it as a subquery, cost the case overview about
    3 ms (issue 12). A case instance from anywhere else (a caller that skipped the gate, another user's gate)
    gets the full re-check."""
    if getattr(case, _PASSED_GATE_FOR, None) == user.pk and user.pk is not None:
        return [case.pk]
    return cases_for_user(user).filter(pk=case.pk).values("pk")


def my_open_cases(user: User) -> QuerySet[Case]:
    """Cases not closed that this user works on personally (lead worker or assigned), among those they may see:
    the cases whose to-dos land on their task list, whatever the breadth of their role's scope."""
    mine = Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user_id=user.pk))
    return cases_for_user(user).filter(mine | Q(lead_worker_id=user.pk)).exclude(status=CaseStatus.CLOSED)


def follow_ups_to_do(user: User, today: datetime.date, *, horizon_days: int = 14) -> QuerySet[FollowUp]:
    """Contacts of the current follow-up period on the user's own cases that are missed, or due within
    `horizon_days`. One query; only case numbers are loaded from the case.

    A member's cases are all in the member's agency, and so are their follow-ups: saying so lets the database
    read that agency's contacts and follow-up cases by index, not every agency's (the home page's task count of
    a 5,000-case worker at 100k spent 37 ms reading 66,600 contacts and 11,100 cases of all 20 agencies)."""
    horizon = today + datetime.timedelta(days=horizon_days)
    scheduled_soon = Q(status=FollowUpStatus.SCHEDULED, is_current=True, due_on__lte=horizon)
    to_do = FollowUp.objects.filter(scheduled_soon | _overdue(), case__in=my_open_cases(user))
    if (membership := active_membership(user)) is not None:
        to_do = to_do.filter(agency_id=membership.agency_id, case__agency_id=membership.agency_id)
    return (
        to_do.filter(case__status=CaseStatus.FOLLOW_UP)
        .select_related("case")
        .only("due_on", "closes_on", "status", "agency_id", "case_id", "case__number", "sequence")
        .order_by("due_on")
    )


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    mine: bool = False
    danger: bool = False
    number: str = ""
    worker: UUID | None = None
    age_band: str = ""
    minors: bool = False
    overdue: bool = False
    urgent: bool = False
    flag: str = ""  # a FlagKind value, or "any"
    exploitation_type: str = ""  # an HTCDS TypeOfExploitation code (or an agency's own)
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
    if filters.overdue:
        cases = cases.filter(has_overdue_follow_up() | has_overdue_urgent_need())
    if filters.urgent:
        cases = cases.filter(Exists(_open_urgent_needs()))
    if filters.flag:
        cases = cases.filter(with_active_flag(None if filters.flag == "any" else filters.flag))
    if filters.exploitation_type:
        cases = cases.filter(has_exploitation_type(filters.exploitation_type))
    if filters.survivor_ids is not None:
        cases = cases.filter(survivor_id__in=filters.survivor_ids)
    return cases.order_by(filters.sort if filters.sort in SORTS else "-updated_at", "pk")


# What the case list page shows of each row (cases/case_list.html): the person's two names in use are the only
# ciphertext decrypted, not their birth date, phone and safe times nor the case's identification place.
LIST_COLUMNS = (
    "number",
    "status",
    "danger_now",
    "age_band",
    "updated_at",
    "agency_id",
    "survivor__chosen_name",
    "survivor__given_name",
    "team__name",
    "lead_worker__display_name",
)


def case_list_rows(user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """`case_list` with only the columns the case list page shows (`LIST_COLUMNS`)."""
    return case_list(user, filters).only(*LIST_COLUMNS)


def case_list_paging(
    user: User, filters: CaseFilters | None = None
) -> tuple[QuerySet[Case, Any], Callable[[QuerySet[Case, Any]], QuerySet[Case]] | None]:
    """What the case list page pages through, and what turns a page's slice of it into the rows shown (None: the
    slice is the rows), for `core.paging.BoundedPaginator`. PostgreSQL pages through the keys
    (`case_list_page_rows`); SQLite walks the rows in order and joins each as it goes, so there the subquery
    would only add Python (about 1 ms a page) and the rows are paged as they are."""
    if connection.vendor == "postgresql":
        return case_list_keys(user, filters), case_list_page_rows
    return case_list_rows(user, filters), None


def case_list_keys(user: User, filters: CaseFilters | None = None) -> QuerySet[Case, Any]:
    """`case_list`'s primary keys in its order, without its joins: what the case list page pages through, each
    page's slice becoming its rows by `case_list_page_rows`."""
    return case_list(user, filters).select_related(None).values("pk")


def case_list_page_rows(keys: QuerySet[Case, Any]) -> QuerySet[Case]:
    """The rows of a slice of `case_list_keys`, in its order and with `case_list_rows`'s columns, in one query: the
    slice is a subquery, so the person, team and lead worker are joined to the page's rows only. Joined before
    the sort, PostgreSQL read the person of every case that passed the filters (555 for one stage of a case
    manager's 5,000 at 100k, about 4 ms) to keep 50 (issue 12). The access rule is the slice's own."""
    return (
        Case.objects.filter(pk__in=keys)
        .select_related("survivor", "team", "lead_worker")
        .only(*LIST_COLUMNS)
        .order_by(*keys.query.order_by)
    )


def case_list_plain(user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """`case_list` without the person, team and lead worker joined, and without decrypting the identification
    place: for the API's list, whose rows carry ids only."""
    return case_list(user, filters).select_related(None).defer("identification_place")


def note_levels_for(user: User) -> list[str]:
    """Confidentiality levels this user may write, and read on every case they see: general for everyone who
    sees the case, clinical with `sees_clinical`, legal with `sees_legal` (a break-glass operator gets general
    only). A live legal-access grant adds reading legal notes on one case: see `note_levels_on_case`."""
    flags = capabilities(user)
    levels: list[str] = [NoteConfidentiality.GENERAL]
    if flags.sees_clinical:
        levels.append(NoteConfidentiality.CLINICAL)
    if flags.sees_legal:
        levels.append(NoteConfidentiality.LEGAL)
    return levels


def note_levels_on_case(user: User, case: Case) -> list[str]:
    """Levels this user may READ on this case: their own levels, plus legal where the privileged rule
    (`legal.selectors.has_privileged_access`: the legal team, or a live grant on this case) lets them.
    Writing stays at `note_levels_for`: a grant never lets anyone write or change privileged material."""
    from reclaim.legal.selectors import has_privileged_access  # legal builds on cases: import at call time

    levels = note_levels_for(user)
    if NoteConfidentiality.LEGAL not in levels and has_privileged_access(user, case):
        levels.append(NoteConfidentiality.LEGAL)
    return levels


def readable_level(user: User, level_field: str, case_field: str = "case_id") -> Q:
    """The same rule as `note_levels_on_case`, in SQL for any row with a level and a case: the user's own
    levels, or legal on a case where they hold a live grant (`legal.selectors.privileged_case_ids`)."""
    from reclaim.legal.selectors import privileged_case_ids

    levels = note_levels_for(user)
    readable = Q(**{f"{level_field}__in": levels})
    if NoteConfidentiality.LEGAL not in levels:
        readable |= Q(**{level_field: NoteConfidentiality.LEGAL, f"{case_field}__in": privileged_case_ids(user)})
    return readable


def notes_for_case(user: User, case: Case) -> QuerySet[CaseNote]:
    """The one visibility rule for notes: the case's notes at the levels this user may read on it, newest
    contact first.

    The case is re-checked against `cases_for_user` in the same query, so a caller that skipped the gate
    still gets nothing it may not see."""
    return (
        CaseNote.objects.filter(
            readable_level(user, "confidentiality"),
            case=case,
            agency_id=case.agency_id,
            case_id__in=case_if_seen(user, case),
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
    level on this case (an unknown level is hidden; legal needs the privileged rule), so counts and pages only ever include what the user sees."""
    filters = filters or TimelineFilters()
    events = CaseEvent.objects.filter(case=case, agency_id=case.agency_id, case_id__in=case_if_seen(user, case)).filter(
        Q(parameters__confidentiality__isnull=True) | readable_level(user, "parameters__confidentiality")
    )
    if not capabilities(user).sees_screen_results:
        events = events.exclude(type__in=SCREEN_RESULT_EVENTS)
    if filters.category == TimelineCategory.OTHER:
        events = events.exclude(type__in=list(EVENT_CATEGORIES))
    elif filters.category:
        events = events.filter(type__in=[t for t, c in EVENT_CATEGORIES.items() if c == filters.category])
    if filters.date_from is not None:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to is not None:
        events = events.filter(at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    return events.select_related("actor").order_by("-at", "-created_at", "-pk")


def determinations_for_case(case: Case) -> QuerySet[StatusDetermination]:
    return StatusDetermination.objects.filter(case=case).order_by("-decided_on", "-created_at")


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


URGENT_NEED_DUE = datetime.timedelta(hours=72)


def _open_urgent_needs() -> QuerySet[ImmediateNeed]:
    return ImmediateNeed.objects.filter(case=OuterRef("pk"), urgent=True, resolved_at__isnull=True)


def has_overdue_urgent_need() -> Exists:
    """An urgent need still open three days after it was opened: stabilisation should not wait longer."""
    return Exists(_open_urgent_needs().filter(opened_at__lt=timezone.now() - URGENT_NEED_DUE))


def has_overdue_follow_up() -> Exists:
    """For case lists: `cases.filter(has_overdue_follow_up())` keeps cases with a missed contact to follow up."""
    return Exists(FollowUp.objects.filter(_overdue(), case=OuterRef("pk")))


@dataclass(frozen=True)
class FollowUpAlerts:
    missed: int  # missed contacts of the current period
    crisis_on: datetime.date | None  # the day of the last recorded contact, when it found the person in crisis


def _follow_up_marks() -> dict[str, DbCase]:
    """The follow-up notice's facts, as expressions over a case row: read by the case gate with the case (every
    tab of a case in follow-up shows the notice), and nothing but NULL for a case in any other stage."""
    current = FollowUp.objects.filter(case=OuterRef("pk"), is_current=True).order_by()
    missed = current.filter(status=FollowUpStatus.MISSED).values("case").annotate(n=Count("pk")).values("n")
    last = (
        current.filter(status=FollowUpStatus.COMPLETED, contacted_on__isnull=False)
        .order_by("-contacted_on", "-sequence")
        .annotate(crisis_on=DbCase(When(outcome=FollowUpOutcome.REACHED_IN_CRISIS, then=F("contacted_on"))))
        .values("crisis_on")[:1]
    )
    in_follow_up = Q(status=CaseStatus.FOLLOW_UP)
    return {
        "follow_up_missed": DbCase(When(in_follow_up, then=Subquery(missed)), output_field=IntegerField()),
        "follow_up_crisis_on": DbCase(When(in_follow_up, then=Subquery(last)), output_field=DateField()),
    }


def follow_up_alerts(case: Case) -> FollowUpAlerts:
    """What the case file must show about follow-up: missed contacts, and a last contact that found a crisis.
    Read from the case when it came through the gate (with_page_marks), else in one query."""
    if case.status != CaseStatus.FOLLOW_UP:
        return FollowUpAlerts(missed=0, crisis_on=None)
    marked = (
        case
        if hasattr(case, "follow_up_missed")
        else Case.objects.only("pk").annotate(**_follow_up_marks()).get(pk=case.pk)
    )
    return FollowUpAlerts(
        missed=getattr(marked, "follow_up_missed", 0) or 0, crisis_on=getattr(marked, "follow_up_crisis_on", None)
    )


NEED_ORDER = {need: position for position, need in enumerate(NeedKind.values)}


def needs_for_case(case: Case) -> list[ImmediateNeed]:
    """The case's checklist in the order of DOMAIN.md §3.4, with who handles and who last recorded each."""
    needs = ImmediateNeed.objects.filter(case=case).select_related("handled_by", "updated_by")
    return sorted(needs, key=lambda n: NEED_ORDER.get(n.need, len(NEED_ORDER)))


# Marks the gate's read adds to the case, each an EXISTS in that one query, so a banner that every case page
# shows skips its own query when the case has nothing to show in it (most cases have no active flag and no open
# alert). Apps that cases cannot import register theirs (the assessments app: open alerts).
_case_page_marks: dict[str, Callable[[], Exists]] = {}


# The gate's read without its user and case: every case with its page marks and the rows the banners and the
# heading show (survivor, team, lead worker). Built once per process: building and resolving the marks' subqueries
# was about 4 of the 10 ms the gate cost on every case page (issue 12). Each gate combines a copy with the user's
# cases (`&`: QuerySets are never changed in place), so the statement is the one the marks gave before.
_marked_cases: list[QuerySet[Case]] = []


def register_case_page_mark(name: str, mark: Callable[[], Exists]) -> None:
    """`mark()` is an EXISTS over `OuterRef("pk")` (the case); the gated case carries its answer as `name`."""
    _case_page_marks[name] = mark
    _marked_cases.clear()


def marked_cases() -> QuerySet[Case]:
    """Every case, with its page marks (with_page_marks) and its survivor, team and lead worker: for the gate,
    which narrows it to the user's cases (`marked_cases() & cases_for_user(user)`). The marks use no date and no
    user, so the one queryset serves every request."""
    if not _marked_cases:
        _marked_cases.append(with_page_marks(Case.objects.select_related("survivor", "team", "lead_worker")))
    return _marked_cases[0]


def has_mark(case: Case, name: str) -> bool:
    """False only when the case came through the gate and its mark says there is nothing: a case from anywhere
    else may have something, and its reader queries as before."""
    return getattr(case, name, True) is not False


def with_page_marks(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case, in the same query, with `urgent_open` (its urgent needs not yet resolved),
    `has_active_flags`, the follow-up notice's facts (follow_up_alerts) and the marks other apps registered."""
    open_urgent = (
        ImmediateNeed.objects.filter(case=OuterRef("pk"), urgent=True, resolved_at__isnull=True)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cases.annotate(
        urgent_open=Coalesce(Subquery(open_urgent, output_field=IntegerField()), 0),
        has_active_flags=Exists(CaseFlag.objects.filter(case=OuterRef("pk"), cleared_at__isnull=True)),
        **_follow_up_marks(),
        **{name: mark() for name, mark in _case_page_marks.items()},
    )


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


def _urgent_needs_for_user(user: User, *, limit: int = 50) -> list[UrgentCase]:
    """Open cases this casework user may see that have urgent needs not yet resolved, the longest-waiting first.

    One query after the membership: the `limit` cases whose oldest open need waits longest are picked in the
    database (grouped by case), then only their needs are read; only the case number is loaded, never the
    encrypted case fields."""
    if not capabilities(user).works_cases:
        return []
    open_needs = ImmediateNeed.objects.filter(urgent=True, resolved_at__isnull=True)
    if (membership := active_membership(user)) is not None:
        # A member's cases are the agency's: walk the agency's open urgent needs by index (cases_need_urgent_open)
        # and check each one's case (core's checked_row_by_row). `case IN (the user's cases)` led with the cases
        # instead: for a worker on 5,000 cases at 100k, 4,445 probes for 2,187 needs (40 ms).
        open_needs = open_needs.filter(
            checked_row_by_row(cases_for_user(user), "case_id"),
            agency_id=membership.agency_id,
            case__agency_id=membership.agency_id,
        )
    else:
        open_needs = open_needs.filter(case__in=cases_for_user(user))
    open_needs = open_needs.exclude(case__status=CaseStatus.CLOSED)
    longest_waiting = (
        open_needs.values("case_id").annotate(oldest=Min("opened_at")).order_by("oldest", "case_id")[:limit]
    )
    # the picked cases passed every check above: their open urgent needs are read by case, unchecked again
    rows = (
        ImmediateNeed.objects.filter(
            case_id__in=longest_waiting.values("case_id"), urgent=True, resolved_at__isnull=True
        )
        .select_related("case")
        .only("need", "opened_at", "case_id", "case__number", "agency_id")
        .order_by("opened_at", "pk")
    )
    cases: dict[UUID, UrgentCase] = {}
    for need in rows:
        entry = cases.get(need.case_id)
        if entry is None:
            entry = cases[need.case_id] = UrgentCase(need.case_id, need.case.number, need.opened_at)
        entry.needs.append(need)
    for entry in cases.values():
        entry.needs.sort(key=lambda n: NEED_ORDER.get(n.need, len(NEED_ORDER)))
    return list(cases.values())


def urgent_needs_for_user(user: User, *, limit: int = 50) -> list[UrgentCase]:
    """Open cases this casework user may see that have urgent needs not yet resolved, the longest-waiting first:
    one query, shared within a page (core.memo; the home page lists them and the task list counts them)."""
    return shared_read(user, ("cases.urgent_needs", limit), lambda: _urgent_needs_for_user(user, limit=limit))


def history_for_case(case: Case) -> QuerySet[HistoricEvent]:
    """The case's trafficking history, oldest first (undated events last), with codes in one extra query."""
    return (
        HistoricEvent.objects.filter(case=case, archived_at__isnull=True)
        .prefetch_related(Prefetch("codings", queryset=EventCoding.objects.order_by("vocabulary", "code")))
        .order_by(F("started_on").asc(nulls_last=True), "created_at")
    )


def active_flags_for_case(case: Case) -> list[CaseFlag]:
    """Flags not yet cleared, newest first: one query (the banner on every case page), none when the gate's
    mark says the case has none."""
    if not has_mark(case, "has_active_flags"):
        return []
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


# Tell once (DOMAIN.md §7.6): the facts other forms reuse are read here, each from the one place it is kept,
# so a form shows the recorded answer instead of asking again. docs/ux.md "Tell once" lists who reuses what.


def interpreter_needed_for_case(case_id: Any) -> bool | None:
    """Whether the case's immediate-needs checklist says an interpreter is needed; None while nobody has said
    (the row as intake created it: not ticked urgent, never updated). The checklist row is the one place
    this is kept (one query)."""
    row = (
        ImmediateNeed.objects.filter(case_id=case_id, need=NeedKind.INTERPRETER)
        .values_list("status", "urgent", "version")
        .first()
    )
    if row is None:
        return None
    status, urgent, version = row
    if not urgent and version == 1:
        return None
    return status not in (NeedStatus.NOT_NEEDED, NeedStatus.DECLINED)


# The survivor's safe channel (people.ContactChannel) as a follow-up channel; the codes differ only for calls.
_FOLLOW_UP_CHANNEL = {
    "call": FollowUpChannel.PHONE,
    "text": FollowUpChannel.TEXT,
    "messaging_app": FollowUpChannel.MESSAGING_APP,
    "email": FollowUpChannel.EMAIL,
    "in_person": FollowUpChannel.IN_PERSON,
}


def follow_up_channel_for(survivor: Survivor) -> str:
    """The follow-up channel matching the survivor's recorded safe channel ("" when none or not safe to contact).
    No query: the survivor is already loaded with the case."""
    if survivor.safe_to_contact == "no":
        return ""
    return _FOLLOW_UP_CHANNEL.get(survivor.safe_channel, "")
