"""The agency-wide deadline calendar (legal:deadlines, GET /legal-deadlines, GET /legal-matters?due_before=):
open deadlines on the cases the user may read, a month at a time or as a filtered list. Reads only; every
query is scoped by `cases_for_user` through `selectors.deadlines_for_user` / `matters_for_user`."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from reclaim.accounts.models import User
from reclaim.legal.models import LegalDeadline, LegalMatter, MatterStatus
from reclaim.legal.selectors import deadlines_for_user, matters_for_user

if TYPE_CHECKING:
    from uuid import UUID


MIN_YEAR, MAX_YEAR = 1900, 2200  # a month to show; outside it (or not a month) shows this month
GRID_DAY_LIMIT = 5  # deadlines listed in a day of the month grid; the list below (?due_on=) has them all


@dataclass(frozen=True)
class DeadlineFilters:
    overdue: bool = False
    kind: str = ""
    advocate_id: UUID | None = None
    due_before: datetime.date | None = None  # strictly before this day
    due_on: datetime.date | None = None  # on this day only


def open_deadlines(user: User, filters: DeadlineFilters, today: datetime.date) -> QuerySet[LegalDeadline]:
    """Open deadlines (expiries of closed matters included) on readable cases, soonest first."""
    due_before = filters.due_before
    if filters.overdue:
        due_before = min(due_before, today) if due_before else today
    deadlines = deadlines_for_user(user, due_before=due_before)
    if filters.due_on:
        deadlines = deadlines.filter(due_on=filters.due_on)
    if filters.kind:
        deadlines = deadlines.filter(kind=filters.kind)
    if filters.advocate_id:
        deadlines = deadlines.filter(matter__advocate_id=filters.advocate_id)
    return deadlines.select_related(None).select_related("matter__matter_type", "matter__case", "matter__advocate")


def month_of(value: str, today: datetime.date) -> datetime.date:
    """The first day of the month named "YYYY-MM"; this month when empty or not a month."""
    try:
        year, month = (int(part) for part in value.split("-"))
        if MIN_YEAR <= year <= MAX_YEAR:
            return datetime.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def previous_month(first: datetime.date) -> datetime.date:
    return (first - datetime.timedelta(days=1)).replace(day=1)


def month_deadlines(user: User, first: datetime.date, filters: DeadlineFilters) -> list[LegalDeadline]:
    """Open deadlines falling in the month that starts on `first` (kind and advocate filters apply): at most
    GRID_DAY_LIMIT of each day, the earliest in the list's order; each carries `day_total`, how many that day
    has in all (one query, however full the month)."""
    month_filters = DeadlineFilters(kind=filters.kind, advocate_id=filters.advocate_id)
    in_month = open_deadlines(user, month_filters, first).filter(due_on__gte=first, due_on__lt=next_month(first))
    ranked = in_month.annotate(
        day_rank=Window(RowNumber(), partition_by=[F("due_on")], order_by=[F("due_on").asc(), F("pk").asc()]),
        day_total=Window(Count("pk"), partition_by=[F("due_on")]),
    ).filter(day_rank__lte=GRID_DAY_LIMIT)
    return list(ranked.order_by("due_on", "pk"))


@dataclass
class Day:
    on: datetime.date | None  # None: a cell of the previous or next month
    deadlines: list[LegalDeadline] = field(default_factory=list)
    is_today: bool = False
    more: int = 0  # the day's deadlines not listed (beyond GRID_DAY_LIMIT)


def month_grid(first: datetime.date, deadlines: list[LegalDeadline], today: datetime.date) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each a list of seven days with that day's (listed) deadlines and
    how many more it has: `day_total` from month_deadlines, less those listed."""
    by_day: dict[datetime.date, list[LegalDeadline]] = {}
    for deadline in deadlines:
        by_day.setdefault(deadline.due_on, []).append(deadline)

    def day_of(on: datetime.date) -> Day:
        listed = by_day.get(on, [])
        total = getattr(listed[0], "day_total", len(listed)) if listed else 0
        return Day(on, listed, on == today, more=max(total - len(listed), 0))

    return [
        [day_of(day) if day.month == first.month else Day(None) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]


def advocates_for(user: User) -> QuerySet[User]:
    """The staff named as advocate on a matter the user may see: the choices of the advocate filter."""
    matters = matters_for_user(user).filter(advocate_id=OuterRef("pk"))
    return User.objects.filter(Exists(matters)).order_by("display_name", "pk").only("pk", "display_name")


def matters_due_before(
    user: User, due_before: datetime.date | None, *, status: str = "", matter_type: str = ""
) -> QuerySet[LegalMatter]:
    """Matters on readable cases, filtered by status, type code, and having an open deadline before a day."""
    matters = (
        matters_for_user(user).select_related(None).select_related("matter_type", "current_step__matter_type", "case")
    )
    if status in MatterStatus.values:
        matters = matters.filter(status=status)
    if matter_type:
        matters = matters.filter(matter_type__code=matter_type)
    if due_before is not None:
        live = deadlines_for_user(user, due_before=due_before).filter(matter_id=OuterRef("pk"))
        matters = matters.filter(Exists(live.select_related(None).order_by()))
    return matters.order_by("-opened_on", "pk")


def next_due_of(user: User, matter_ids: list[Any]) -> dict[Any, datetime.date]:
    """The soonest open deadline of each matter (one query)."""
    soonest: dict[Any, datetime.date] = {}
    for matter_id, due_on in (
        deadlines_for_user(user)
        .filter(matter_id__in=matter_ids)
        .select_related(None)
        .order_by("due_on")
        .values_list("matter_id", "due_on")
    ):
        soonest.setdefault(matter_id, due_on)
    return soonest
