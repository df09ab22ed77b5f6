"""Dashboards by role (issue 8, DOMAIN.md §11): the numbers behind /dashboards/caseload/, /dashboards/team/ and
/dashboards/program/ and GET /api/v1/dashboards/{board}.

- **Caseload** (anyone who works cases): the user's own open cases by stage and what needs attention on them.
  Counts only, each with a link to the list the user can already open; never a name.
- **Team** (supervisors and program directors): open cases per worker by stage over the cases they oversee,
  approvals and sign-offs waiting, referrals past their acknowledgement deadline, overdue reassessments.
- **Program** (program directors with exact counts; agency admins and data analysts with small cells
  suppressed): people served in a period, new vs continuing, stage flow, services by category, outcome
  improvement by domain, referral completion and times, re-trafficking among those followed up, cost per
  survivor. Every count of people is of distinct survivors (a survivor with two cases, or a reopened case,
  counts once); family members count apart.

Each figure is a `Table` (what the page shows, the CSV holds and the API returns, hidden cells included as
words) and an inline SVG chart drawn from the shown values only. Query counts are constant: every figure is
one aggregate query (or a fixed few), whatever the number of cases or services.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case as When_
from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency, User
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.assessments.models import AlertSeverity, AssessmentAlert
from reclaim.assessments.progress_selectors import domain_improvement
from reclaim.assessments.progress_selectors import suppress as suppress_improvement
from reclaim.assessments.schedule_selectors import overdue_count_rows
from reclaim.cases.models import Case, CaseEvent, CaseFlag, EventType, FlagKind, FollowUp, ImmediateNeed
from reclaim.cases.selectors import approvals_waiting_for, caseloads, follow_ups_to_do, my_open_cases
from reclaim.cases.state import ORDER, CaseStatus
from reclaim.consent.selectors import expiring_consent_rows
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.queries import count_of, read_together
from reclaim.core.refdata import SERVICE_CATEGORY, shipped_label
from reclaim.funding.selectors import CostTotals, cost_total_expressions, cost_totals_from
from reclaim.legal.selectors import deadlines_for_user
from reclaim.people.models import Survivor
from reclaim.plans.selectors import open_tasks_owned_by, reviews_awaiting_sign_off
from reclaim.referrals.models import Referral
from reclaim.referrals.referral_states import AWAITING_ACKNOWLEDGEMENT
from reclaim.referrals.selectors import outgoing_for_user
from reclaim.reporting import svg
from reclaim.reporting.access import can_run_reports, sees_exact_counts
from reclaim.reporting.periods import Period, PeriodError, parse, periods_for_choice
from reclaim.reporting.selectors import policy_for
from reclaim.reporting.suppression import COMPLEMENTARY, PRIMARY, WITHHELD, Suppressed, reason_text, suppress_counts
from reclaim.reporting.suppression import suppress_table as _suppress_table
from reclaim.services.models import ServiceRecord
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reclaim.reporting.models import ReportingPolicy


BOARDS = ("caseload", "team", "program")
LEGAL_DEADLINE_DAYS = 30
COMPLETED = "completed"
NOT_COMPLETED = frozenset({"failed", "declined", "cancelled", "withdrawn"})


# Tables ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One number as released: `value` None when hidden (then `reason` says why), `text` what to print."""

    value: int | float | None
    text: str
    reason: str = ""

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    is_total: bool = False
    url: str = ""  # a list the user can already open, for operational counts


@dataclass(frozen=True)
class Table:
    caption: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    k: int | None = None  # None: exact counts
    explanation: str = ""

    @property
    def primary_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.reason == PRIMARY)

    @property
    def complementary_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.reason == COMPLEMENTARY)

    @property
    def withheld_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.reason == WITHHELD)

    @property
    def has_hidden(self) -> bool:
        return any(cell.hidden for row in self.rows for cell in row.cells)

    def csv_rows(self) -> list[list[Any]]:
        """Exactly what the page's table shows: header, rows (hidden cells as words), the explanation last."""
        rows: list[list[Any]] = [[self.row_header, *self.columns]]
        rows += [[row.label, *(cell.text for cell in row.cells)] for row in self.rows]
        if self.explanation:
            rows += [[], [self.explanation]]
        return rows


def _shown(value: int | float, text: str | None = None) -> Cell:
    return Cell(value, str(value) if text is None else text)


def _hidden(reason: str, k: int) -> Cell:
    return Cell(None, reason_text(reason, k), reason)


def _from_suppressed(table: Suppressed, urls: Sequence[str] = ()) -> Table:
    rows = tuple(
        Row(
            row.label,
            tuple(Cell(c.value, c.text, c.reason) for c in row.cells),
            row.is_total,
            urls[i] if i < len(urls) else "",
        )
        for i, row in enumerate(table.rows)
    )
    return Table(table.caption, table.row_header, table.column_headers, rows, table.k, table.explanation)


def _exact_note() -> str:
    return _("Exact counts: you may read every case they are drawn from.")


def _count_cell(count: int, k: int | None) -> Cell:
    """Per-cell (primary) suppression, for counts released without totals: 1 to k-1 hidden, 0 shown."""
    if k is not None and 0 < count < k:
        return _hidden(PRIMARY, k)
    return _shown(count)


def _per_cell_note(table_k: int | None, hidden: bool) -> str:
    if table_k is None:
        return _exact_note()
    if not hidden:
        return _("No number needed hiding: each is 0 or at least %(k)s.") % {"k": table_k}
    return _(
        "“Fewer than %(k)s” marks a number from 1 to %(under)s: small numbers are not shown, so that no one can "
        "be recognised from them. A 0 means no one. People can fall in several rows, so there is no total."
    ) % {"k": table_k, "under": table_k - 1}


def per_cell_table(
    caption: str,
    row_header: str,
    *,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
    k: int | None,
    urls: Sequence[str] = (),
    note: str = "",
) -> Table:
    """Counts without totals (people may fall in several rows): each cell suppressed on its own."""
    built = tuple(
        Row(label, tuple(_count_cell(v, k) for v in values), url=urls[i] if i < len(urls) else "")
        for i, (label, values) in enumerate(rows)
    )
    hidden = any(c.hidden for r in built for c in r.cells)
    explanation = " ".join(part for part in (_per_cell_note(k, hidden), note) if part)
    return Table(caption, row_header, tuple(columns), built, k, explanation)


def counts_table(
    caption: str, row_header: str, *, count_header: str, items: Sequence[tuple[str, int]], k: int | None, total: str
) -> Table:
    """An additive list of counts with its total: exact, or suppressed with complementary suppression."""
    if k is not None:
        return _from_suppressed(
            suppress_counts(items, k, caption=caption, count_header=count_header, total_label=total)
        )
    rows = [Row(label, (_shown(n),)) for label, n in items]
    rows.append(Row(total, (_shown(sum(n for _l, n in items)),), is_total=True))
    return Table(caption, row_header, (count_header,), tuple(rows), None, _exact_note())


def cross_table(
    caption: str,
    row_header: str,
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cells: Sequence[Sequence[int]],
    k: int | None,
) -> Table:
    """An additive table with row, column and grand totals: exact, or suppressed (suppress_table)."""
    if k is not None:
        return _from_suppressed(
            _suppress_table(
                cells, k, row_labels=row_labels, column_labels=column_labels, caption=caption, row_header=row_header
            )
        )
    total = _("Total")
    rows = [
        Row(label, tuple(_shown(v) for v in (*line, sum(line)))) for label, line in zip(row_labels, cells, strict=True)
    ]
    sums = [sum(line[j] for line in cells) for j in range(len(column_labels))]
    rows.append(Row(total, tuple(_shown(v) for v in (*sums, sum(sums))), is_total=True))
    return Table(caption, row_header, (*column_labels, total), tuple(rows), None, _exact_note())


# Figures and boards ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A chart with its data table; `code` names its CSV (/dashboards/<board>/<code>.csv)."""

    code: str
    title: str
    table: Table
    chart: str = ""  # inline SVG, or "" for a table-only figure (money, times)

    @property
    def table_id(self) -> str:
        return f"{self.code}-table"


@dataclass
class Board:
    code: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    exact: bool = True
    k: int | None = None
    period: Period | None = None
    period_choices: list[tuple[str, str]] = field(default_factory=list)

    def figure(self, code: str) -> Figure | None:
        return next((f for f in self.figures if f.code == code), None)


def _bars(table: Table, column: int = 0, *, skip_totals: bool = True) -> list[svg.Bar]:
    return [
        svg.Bar(row.label, row.cells[column].value, row.cells[column].text)
        for row in table.rows
        if not (skip_totals and row.is_total)
    ]


def _chart_id(board: str, code: str) -> str:
    return f"{board}-{code}-chart"


def _vertical(board: str, code: str, title: str, table: Table, column: int = 0) -> Figure:
    chart = svg.bar_chart(
        _bars(table, column), title=title, chart_id=_chart_id(board, code), described_by=f"{code}-table"
    )
    return Figure(code, title, table, chart)


def _horizontal(board: str, code: str, title: str, table: Table, column: int = 0) -> Figure:
    chart = svg.horizontal_bars(
        _bars(table, column), title=title, chart_id=_chart_id(board, code), described_by=f"{code}-table"
    )
    return Figure(code, title, table, chart)


# Access ------------------------------------------------------------------------------------------------------


def can_see_caseload(user: User) -> bool:
    return active_membership(user) is not None and capabilities(user).works_cases


def can_see_team(user: User) -> bool:
    caps = capabilities(user)
    return active_membership(user) is not None and caps.works_cases and caps.approves_closure


def can_see_program(user: User) -> bool:
    return can_run_reports(user)


def can_see(user: User, board: str) -> bool:
    checks = {"caseload": can_see_caseload, "team": can_see_team, "program": can_see_program}
    return board in checks and checks[board](user)


def home_board(user: User) -> str | None:
    """The board the menu's "Dashboard" opens: program for aggregate readers, team for supervisors, else
    caseload for casework roles; None for roles with no dashboard."""
    for board in ("program", "team", "caseload"):
        if can_see(user, board):
            return board
    return None


def _audit(user: User, board: str, period: Period | None) -> None:
    membership = active_membership(user)
    write_audit(
        AuditEntry(
            "reporting.dashboard_read",
            actor_id=user.pk,
            agency_id=membership.agency_id if membership else None,
            object_type="dashboard",
            object_id=board,
            detail={"period": period.label} if period else {},
        )
    )


def _policy(user: User) -> ReportingPolicy | None:
    membership = active_membership(user)
    return policy_for(membership.agency_id) if membership else None


def _start_month(user: User) -> int:
    policy = _policy(user)
    return policy.fiscal_year_start_month if policy else 10


def resolve_period(
    user: User, label: str | None, today: datetime.date | None = None, *, start_month: int | None = None
) -> Period:
    """The program board's period: the label given (PeriodError when it is not one), else this fiscal year
    (which starts in `start_month`, read from the agency's policy when not given)."""
    start_month = _start_month(user) if start_month is None else start_month
    today = today or timezone.localdate()
    if label:
        return parse(label, start_month)
    return parse(periods_for_choice(start_month, today)[0][0], start_month)


def board_for(user: User, board: str, *, period_label: str | None = None, today: datetime.date | None = None) -> Board:
    """The board's figures for this user: PermissionDenied when the role has no such board, PeriodError for a
    bad period (program). The read is audited."""
    if board not in BOARDS or not can_see(user, board):
        raise PermissionDenied
    today = today or timezone.localdate()
    if board == "caseload":
        result = caseload_board(user, today)
    elif board == "team":
        result = team_board(user, today)
    else:
        policy = _policy(user)  # read once for the period, the period choices and k
        start_month = policy.fiscal_year_start_month if policy else 10
        period = resolve_period(user, period_label, today, start_month=start_month)
        result = program_board(user, period, today, policy=policy)
    _audit(user, board, result.period)
    return result


# Case manager ------------------------------------------------------------------------------------------------


def _list_url(**params: str) -> str:
    return f"{reverse('cases:list')}?{urlencode(params)}"


def caseload_board(user: User, today: datetime.date) -> Board:
    """The user's own open cases (lead or assigned) by stage, and counts of what needs doing on them."""
    mine = my_open_cases(user)
    by_stage = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    stages = [s for s in ORDER if s != CaseStatus.CLOSED]
    stage_table = counts_table(
        _("My open cases by stage"),
        _("Stage"),
        count_header=_("Cases"),
        items=[(str(s.label), by_stage.get(s.value, 0)) for s in stages],
        k=None,
        total=_("All my open cases"),
    )
    urls = [_list_url(mine="on", status=s.value) for s in stages] + [_list_url(mine="on")]
    stage_table = Table(
        stage_table.caption,
        stage_table.row_header,
        stage_table.columns,
        tuple(Row(r.label, r.cells, r.is_total, urls[i]) for i, r in enumerate(stage_table.rows)),
        None,
        _("Your own cases: you lead them or are assigned to them."),
    )
    # the counts below are read together, in one statement
    counts = {
        "urgent": count_of(
            mine.filter(
                Exists(ImmediateNeed.objects.filter(case=OuterRef("pk"), urgent=True, resolved_at__isnull=True))
            )
        ),
        "flagged": count_of(mine.filter(Exists(CaseFlag.objects.filter(case=OuterRef("pk"), cleared_at__isnull=True)))),
        "overdue_tasks": count_of(open_tasks_owned_by(user).filter(due_on__lt=today)),
        "follow_ups": count_of(follow_ups_to_do(user, today)),
        "consents": count_of(expiring_consent_rows(user, today)),
        "deadlines": count_of(
            deadlines_for_user(user, due_before=today + datetime.timedelta(days=LEGAL_DEADLINE_DAYS)).filter(
                matter__case__in=mine.values("pk")
            )
        ),
    }
    if capabilities(user).sees_screen_results:
        open_alerts = AssessmentAlert.objects.filter(acknowledged_at__isnull=True, case__in=mine.values("pk"))
        if (membership := active_membership(user)) is not None:
            # a member's cases, and their alerts, are the agency's: read the agency's open alerts by index (index
            # assessments_alert_open). Without it PostgreSQL read the open alerts of every agency (a parallel
            # scan of the table, 39 ms for the worker on 5,000 cases at 100k).
            open_alerts = open_alerts.filter(agency_id=membership.agency_id)
        counts["safety"] = count_of(open_alerts.filter(severity=AlertSeverity.URGENT))
        counts["other"] = count_of(open_alerts.exclude(severity=AlertSeverity.URGENT))
    found = read_together(User.objects.filter(pk=user.pk), **counts)
    urgent, flagged, overdue_tasks = found["urgent"], found["flagged"], found["overdue_tasks"]
    follow_ups, deadlines = found["follow_ups"], found["deadlines"]
    alerts = {"safety": found.get("safety", 0), "other": found.get("other", 0)}
    consents = found["consents"]
    tasks, home = reverse("tasks"), reverse("home")
    attention = [
        (_("Cases with urgent needs open"), urgent, _list_url(mine="on", urgent="on")),
        (_("Urgent (safety) assessment alerts open"), alerts["safety"], home),
        (_("Other assessment alerts open"), alerts["other"], home),
        (_("Cases with an active warning flag"), flagged, _list_url(mine="on", flag="any")),
        (_("Overdue tasks"), overdue_tasks, tasks),
        (_("Follow-up contacts due or missed"), follow_ups, tasks),
        (_("Consents expiring soon"), consents, tasks),
        (
            _("Legal deadlines in the next %(days)s days or overdue") % {"days": LEGAL_DEADLINE_DAYS},
            deadlines,
            reverse("legal:deadlines"),
        ),
    ]
    attention_table = Table(
        _("What needs attention on my cases"),
        _("What"),
        (_("Number"),),
        tuple(Row(str(label), (_shown(n),), url=url) for label, n, url in attention),
        None,
        _("Each number links to the list where you can act on it."),
    )
    board = Board("caseload", _("My caseload"))
    board.figures = [
        _vertical("caseload", "stages", _("My open cases by stage"), stage_table),
        _horizontal("caseload", "attention", _("What needs attention on my cases"), attention_table),
    ]
    return board


# Supervisor --------------------------------------------------------------------------------------------------


def team_board(user: User, today: datetime.date) -> Board:
    """Open cases per worker by stage over the cases the user oversees, and what waits on the supervisor."""
    loads = caseloads(user)
    stages = [s for s in ORDER if s != CaseStatus.CLOSED]
    columns = (*[str(s.label) for s in stages], _("Open cases"))
    rows = tuple(
        Row(
            load.worker.display_name,
            (*(_shown(load.by_stage.get(s.value, 0)) for s in stages), _shown(load.open_cases)),
            url=_list_url(worker=str(load.worker.pk)),
        )
        for load in loads
    )
    load_table = Table(
        _("Open cases per worker, by stage"),
        _("Worker"),
        columns,
        rows,
        None,
        _("A case with several assigned workers counts for each of them, so the rows do not add up to a total."),
    )
    chart = svg.stacked_bars(
        [
            svg.StackedBar(
                load.worker.display_name,
                tuple(float(load.by_stage.get(s.value, 0)) for s in stages),
                str(load.open_cases),
            )
            for load in loads
        ],
        series=tuple(str(s.label) for s in stages),
        title=_("Open cases per worker, by stage"),
        chart_id=_chart_id("team", "caseloads"),
        described_by="caseloads-table",
    )
    now = timezone.now()
    breaches = outgoing_for_user(user).filter(status__in=list(AWAITING_ACKNOWLEDGEMENT), acknowledge_by__lt=now)
    waiting = read_together(
        User.objects.filter(pk=user.pk),
        approvals=count_of(approvals_waiting_for(user)),
        sign_offs=count_of(reviews_awaiting_sign_off(user)),
        breaches=count_of(breaches),
        overdue_reassessments=count_of(overdue_count_rows(user, today=today)),
    )
    queue = [
        (_("Approvals waiting"), waiting["approvals"], reverse("home")),
        (_("Plan reviews waiting for sign-off"), waiting["sign_offs"], reverse("tasks")),
        (
            _("Referrals past their acknowledgement deadline"),
            waiting["breaches"],
            f"{reverse('referrals:outgoing')}?{urlencode({'status': 'sent'})}",
        ),
        (
            _("Overdue reassessments"),
            waiting["overdue_reassessments"],
            reverse("assessments:due"),
        ),
    ]
    queue_table = Table(
        _("Waiting on the team"),
        _("What"),
        (_("Number"),),
        tuple(Row(str(label), (_shown(n),), url=url) for label, n, url in queue),
        None,
        _("Counted over the cases you oversee; each number links to the list where you can act on it."),
    )
    board = Board("team", _("Team dashboard"))
    board.figures = [
        Figure("caseloads", _("Open cases per worker, by stage"), load_table, chart),
        _horizontal("team", "queue", _("Waiting on the team"), queue_table),
    ]
    return board


# Director ----------------------------------------------------------------------------------------------------


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _survivor_counts(agency_id: Any, period: Period) -> dict[str, int]:
    """One pass over the agency's survivors for the people served and the re-trafficking figures: `total` and
    `new` served (see _people), and `rt_<age>_<flagged>` of those followed up (see _re_trafficking)."""
    start, end_exclusive = _day_start(period.start), _day_start(period.end_exclusive)
    open_case = Case.objects.filter(survivor=OuterRef("pk"), intake_on__lte=period.end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start)
    )
    service = ServiceRecord.objects.filter(
        case__survivor=OuterRef("pk"),
        recipient__isnull=True,
        voided_at__isnull=True,
        delivered_on__gte=period.start,
        delivered_on__lte=period.end,
    )
    first_intake = (
        Case.objects.filter(survivor=OuterRef("pk"), intake_on__isnull=False)
        .order_by("intake_on")
        .values("intake_on")[:1]
    )
    followed = FollowUp.objects.filter(case__survivor=OuterRef("pk"), due_on__gte=period.start, due_on__lte=period.end)
    flagged = CaseFlag.objects.filter(
        case__survivor=OuterRef("pk"), kind=FlagKind.RE_TRAFFICKING, raised_at__gte=start, raised_at__lt=end_exclusive
    )
    minor = Case.objects.filter(survivor=OuterRef("pk")).order_by("created_at", "pk").values("is_minor")[:1]
    served = Q(served=True)
    counts: dict[str, Any] = {
        "total": Count("pk", filter=served),
        "new": Count("pk", filter=served & (Q(first__isnull=True) | Q(first__gte=period.start))),
    }
    for age, age_filter in _AGES.items():
        for re in (True, False):
            counts[f"rt_{age}_{re}"] = Count("pk", filter=Q(followed=True, re=re) & age_filter)
    found = (
        Survivor.objects.filter(agency_id=agency_id)
        .annotate(served=Exists(open_case) | Exists(service), followed=Exists(followed))
        .filter(Q(served=True) | Q(followed=True))
        .annotate(first=Subquery(first_intake), minor=Subquery(minor), re=Exists(flagged))
        .aggregate(**counts)
    )
    return {name: value or 0 for name, value in found.items()}


_AGES = {"minor": Q(minor=True), "adult": Q(minor=False), "unknown": Q(minor__isnull=True)}


def _family_served(agency_id: Any, period: Period) -> Coalesce:
    """Family members who received services in the period, distinct, as a scalar subquery."""
    rows = ServiceRecord.objects.filter(
        agency_id=agency_id,
        recipient__isnull=False,
        voided_at__isnull=True,
        delivered_on__gte=period.start,
        delivered_on__lte=period.end,
    )
    counted = rows.order_by().values("agency_id").annotate(n=Count("recipient_id", distinct=True)).values("n")
    return Coalesce(Subquery(counted), 0)


def _people(counts: dict[str, int], family: int, period: Period, k: int | None) -> Table:
    """Distinct survivors served in the period: a case open at some time in it (intake on or before its end,
    not closed before its start) or a service received in it. New = first intake (of any of their cases) in
    the period, or none yet; continuing = first intake before it. Family members who received services are
    counted apart and are not in the total."""
    table = counts_table(
        _("People served in %(period)s") % {"period": period.label},
        _("Survivors"),
        count_header=_("People"),
        items=[(_("New"), counts["new"]), (_("Continuing"), counts["total"] - counts["new"])],
        k=k,
        total=_("Survivors served"),
    )
    family_cell = _count_cell(family, k)
    family_row = Row(_("Family members served (counted apart, not in the total)"), (family_cell,))
    explanation = table.explanation
    if family_cell.hidden and not table.primary_count:
        explanation = _per_cell_note(k, True)
    return Table(table.caption, table.row_header, table.columns, (*table.rows, family_row), k, explanation)


def _grouped_counts(
    agency_id: Any, period: Period
) -> tuple[dict[str, int], dict[str, list[int]], list[tuple[str, str]]]:
    """Three small reads in one statement (UNION ALL of rows shaped (part, item, caption, n1, n2, n3)): distinct
    survivors whose case entered each stage in the period (part "stage"), survivors, family members and
    services per service category in the period ("service"), and the categories in use with their labels
    ("category", in taxonomy order)."""
    text: CharField[str, str] = CharField()
    number: IntegerField[int, int] = IntegerField()
    stage = When_(
        When(type=EventType.OPENED, then=Value(CaseStatus.IDENTIFIED.value)),
        When(type=EventType.REOPENED, then=Value("reopened")),
        default=KT("parameters__new"),
        output_field=text,
    )
    stages = (
        CaseEvent.objects.filter(
            agency_id=agency_id,
            type__in=[EventType.OPENED, EventType.STATUS_CHANGED, EventType.REOPENED],
            at__gte=_day_start(period.start),
            at__lt=_day_start(period.end_exclusive),
        )
        .order_by()
        .values(part=Value("stage", output_field=text), item=stage)
        .annotate(
            caption=Value("", output_field=text),
            n1=Count("case__survivor_id", distinct=True),
            n2=Value(0, output_field=number),
            n3=Value(0, output_field=number),
        )
    )
    services = (
        ServiceRecord.objects.filter(
            agency_id=agency_id, voided_at__isnull=True, delivered_on__gte=period.start, delivered_on__lte=period.end
        )
        .order_by()
        .values(part=Value("service", output_field=text), item=F("category_code"))
        .annotate(
            caption=Value("", output_field=text),
            n1=Count("case__survivor_id", distinct=True, filter=Q(recipient__isnull=True)),
            n2=Count("recipient_id", distinct=True),
            n3=Count("pk"),
        )
    )
    in_use = (
        categories()
        .prefetch_related(None)
        .order_by()
        .values(
            part=Value("category", output_field=text),
            item=F("code"),
            caption=F("label"),
            n1=F("position"),
            n2=Value(0, output_field=number),
            n3=Value(0, output_field=number),
        )
    )
    by_stage: dict[str, int] = {}
    by_category: dict[str, list[int]] = {}
    listed: list[tuple[int, str, str]] = []
    for row in stages.union(services, in_use, all=True):
        if row["part"] == "stage":
            by_stage[row["item"]] = row["n1"]
        elif row["part"] == "service":
            by_category[row["item"]] = [row["n1"], row["n2"], row["n3"]]
        else:
            listed.append((row["n1"], row["item"], row["caption"]))
    listed.sort(key=lambda row: row[0])  # by position, as categories() orders them
    # Category names in the reader's language (docs/architecture.md, "Languages"): the union reads no
    # `introduced_in`, and every category row comes from the shipped taxonomy (no screen adds one).
    return by_stage, by_category, [(code, shipped_label(label, SERVICE_CATEGORY)) for _position, code, label in listed]


def _stage_flow(by_stage: dict[str, int], period: Period, k: int | None) -> Table:
    """Distinct survivors whose case entered each stage in the period (opening = identified), and reopened."""
    rows = [(str(s.label), [by_stage.get(s.value, 0)]) for s in ORDER]
    rows.append((_("Reopened"), [by_stage.get("reopened", 0)]))
    return per_cell_table(
        _("People whose case entered each stage in %(period)s") % {"period": period.label},
        _("Stage entered"),
        columns=[_("People")],
        rows=rows,
        k=k,
    )


def _services(by_category: dict[str, list[int]], in_use: list[tuple[str, str]], period: Period, k: int | None) -> Table:
    rows = [(label, by_category.get(code, [0, 0, 0])) for code, label in in_use]
    return per_cell_table(
        _("Services by category in %(period)s") % {"period": period.label},
        _("Category"),
        columns=[_("Survivors"), _("Family members"), _("Services")],
        rows=rows,
        k=k,
    )


def _outcomes(agency_id: Any, k: int | None) -> Table:
    rows = []
    hidden = False
    for improvement in domain_improvement(agency_id):
        if k is None:
            compared, improved = _shown(improvement.compared), _shown(improvement.improved)
            share = improvement.improved / improvement.compared if improvement.compared else None
        else:
            shown = suppress_improvement(improvement, k)
            compared = _hidden(PRIMARY, k) if shown.compared.suppressed else _shown(improvement.compared)
            improved = (
                _hidden(PRIMARY if improvement.improved < k else COMPLEMENTARY, k)
                if shown.improved.suppressed
                else _shown(improvement.improved)
            )
            share = shown.share
        percent = (
            Cell(None, _("not shown"), WITHHELD)
            if share is None
            else _shown(round(share * 100), f"{round(share * 100)}%")
        )
        hidden = hidden or compared.hidden or improved.hidden or percent.hidden
        rows.append(Row(improvement.name, (compared, improved, percent)))
    if k is None:
        note = _exact_note()
    elif hidden:
        note = _(
            "“Fewer than %(k)s” marks a number from 1 to %(under)s; “hidden” marks a number that would give a "
            "small one away (how many did not improve); a share of a hidden number is not shown."
        ) % {"k": k, "under": k - 1}
    else:
        note = _("No number needed hiding: each is 0 or at least %(k)s.") % {"k": k}
    note += " " + _(
        "Survivors with a score at their first and their latest outcome rating (all their cases together), "
        "over all ratings so far, not only the period."
    )
    return Table(
        _("Outcome improvement by domain"),
        _("Domain"),
        (_("Survivors compared"), _("Improved"), _("Share improved")),
        tuple(rows),
        k,
        note,
    )


def _median_days(spans: list[float], k: int | None) -> Cell:
    if not spans:
        return Cell(None, _("none yet"), "")
    if k is not None and len(spans) < k:
        return _hidden(PRIMARY, k)
    days = round(statistics.median(spans), 1)
    return _shown(days, f"{days:g}")


def _referrals(agency_id: Any, period: Period, k: int | None) -> tuple[Table, Table]:
    """Referrals sent in the period by where they stand now, the completion rate among those closed, and
    median days from sending to acknowledgement and to completion. Referrals are counted, not people."""
    rows = Referral.objects.filter(
        agency_id=agency_id, sent_at__gte=_day_start(period.start), sent_at__lt=_day_start(period.end_exclusive)
    ).values_list("status", "sent_at", "acknowledged_at", "closed_at")
    counts: dict[str, int] = defaultdict(int)
    to_ack: list[float] = []
    to_complete: list[float] = []
    day = 86400.0
    for status, sent_at, acknowledged_at, closed_at in rows:
        bucket = "completed" if status == COMPLETED else "not_completed" if status in NOT_COMPLETED else "open"
        counts[bucket] += 1
        if sent_at is None:  # excluded by the filter; for the type checker
            continue
        if acknowledged_at is not None:
            to_ack.append((acknowledged_at - sent_at).total_seconds() / day)
        if status == COMPLETED and closed_at is not None:
            to_complete.append((closed_at - sent_at).total_seconds() / day)
    items = [
        (_("Completed"), counts["completed"]),
        (_("Closed without completion (declined, not served, cancelled, withdrawn)"), counts["not_completed"]),
        (_("Still open"), counts["open"]),
    ]
    status_table = counts_table(
        _("Referrals sent in %(period)s, by where they stand now") % {"period": period.label},
        _("Status"),
        count_header=_("Referrals"),
        items=items,
        k=k,
        total=_("Referrals sent"),
    )
    completed_cell, not_completed_cell = status_table.rows[0].cells[0], status_table.rows[1].cells[0]
    closed = counts["completed"] + counts["not_completed"]
    if not closed:
        rate = Cell(None, _("none closed yet"), "")
    elif completed_cell.hidden or not_completed_cell.hidden:
        rate = Cell(None, _("not shown"), WITHHELD)
    else:
        percent = round(100 * counts["completed"] / closed)
        rate = _shown(percent, f"{percent}%")
    times = Table(
        _("Referral completion and times, for referrals sent in %(period)s") % {"period": period.label},
        _("Measure"),
        (_("Value"),),
        (
            Row(_("Completed, among referrals closed"), (rate,)),
            Row(_("Median days from sending to acknowledgement"), (_median_days(to_ack, k),)),
            Row(_("Median days from sending to completion"), (_median_days(to_complete, k),)),
        ),
        k,
        _exact_note()
        if k is None
        else _("A rate or median over fewer than %(k)s referrals, or from a hidden count, is not shown.") % {"k": k},
    )
    return status_table, times


def _re_trafficking(counts: dict[str, int], period: Period, k: int | None) -> Table:
    """Among distinct survivors followed up in the period (a follow-up contact due in it), how many were
    flagged as re-trafficked in the period, by whether they were under 18 when first identified."""
    cells = [[counts[f"rt_{age}_{re}"] for re in (True, False)] for age in _AGES]
    return cross_table(
        _("Re-trafficking among people followed up in %(period)s") % {"period": period.label},
        _("First identified"),
        row_labels=[_("Under 18"), _("18 or older"), _("Age not known")],
        column_labels=[_("Re-trafficked"), _("Not re-trafficked")],
        cells=cells,
        k=k,
    )


def _cost(data: CostTotals, period: Period, k: int | None) -> Table:
    survivors = _count_cell(data.survivors, k)
    if data.per_survivor is None:
        per = Cell(None, _("no one served with grant-funded services"), "")
    elif survivors.hidden:
        per = Cell(None, _("not shown"), WITHHELD)
    else:
        per = _shown(float(data.per_survivor), str(data.per_survivor))
    note = _(
        "Cash costs (staff time and direct costs charged to grants) over the distinct survivors who received "
        "services charged to a grant in the period (funding/cost per service)."
    )
    if survivors.hidden and k is not None:
        note += " " + _("Fewer than %(k)s survivors: the number and the cost per survivor are not shown.") % {"k": k}
    return Table(
        _("Cost per survivor served in %(period)s") % {"period": period.label},
        _("Measure"),
        (_("Value"),),
        (
            Row(_("Cash cost"), (_shown(float(data.cash), str(data.cash)),)),
            Row(_("In-kind value"), (_shown(float(data.in_kind), str(data.in_kind)),)),
            Row(_("Full cost (cash and in kind)"), (_shown(float(data.full_cost), str(data.full_cost)),)),
            Row(_("Survivors served with grant-funded services"), (survivors,)),
            Row(_("Cash cost per survivor"), (per,)),
        ),
        k,
        note,
    )


def program_board(user: User, period: Period, today: datetime.date, *, policy: ReportingPolicy | None = None) -> Board:
    """The director's numbers for a period: exact for agency-wide case readers, suppressed for others."""
    membership = active_membership(user)
    if membership is None:
        raise PermissionDenied
    agency_id = membership.agency_id
    if policy is None:
        policy = policy_for(agency_id)
    exact = sees_exact_counts(user)
    k = None if exact else policy.k
    board = Board("program", _("Program dashboard"), exact=exact, k=k, period=period)
    board.period_choices = periods_for_choice(policy.fiscal_year_start_month, today)
    # the single numbers of several figures in one statement: family members served and the cost totals
    single = read_together(
        Agency.objects.filter(pk=agency_id),
        family=_family_served(agency_id, period),
        **cost_total_expressions(agency_id, period.start, period.end),
    )
    survivors = _survivor_counts(agency_id, period)
    by_stage, by_category, in_use = _grouped_counts(agency_id, period)
    people = _people(survivors, single["family"], period, k)
    stages = _stage_flow(by_stage, period, k)
    services = _services(by_category, in_use, period, k)
    outcomes = _outcomes(agency_id, k)
    referral_status, referral_times = _referrals(agency_id, period, k)
    re_trafficking = _re_trafficking(survivors, period, k)
    cost = _cost(cost_totals_from(single), period, k)
    rt_chart = svg.stacked_bars(
        [
            svg.StackedBar(row.label, tuple(cell.value for cell in row.cells[:2]), row.cells[2].text)
            for row in re_trafficking.rows
            if not row.is_total
        ],
        series=tuple(re_trafficking.columns[:2]),
        title=_("Re-trafficking among people followed up"),
        chart_id=_chart_id("program", "re_trafficking"),
        described_by="re_trafficking-table",
    )
    board.figures = [
        _horizontal("program", "people", _("People served"), people),
        _vertical("program", "stages", _("Stage flow"), stages),
        _horizontal("program", "services", _("Survivors served by service category"), services),
        _horizontal("program", "outcomes", _("Share improved by outcome domain"), outcomes, column=2),
        _horizontal("program", "referrals", _("Referrals sent, by where they stand now"), referral_status),
        Figure("referral_times", _("Referral completion and times"), referral_times),
        Figure("re_trafficking", _("Re-trafficking among people followed up"), re_trafficking, rt_chart),
        Figure("cost", _("Cost per survivor"), cost),
    ]
    return board


__all__ = [
    "BOARDS",
    "Board",
    "Cell",
    "Figure",
    "PeriodError",
    "Row",
    "Table",
    "board_for",
    "can_see",
    "home_board",
]
