"""The user's one task list: what each module asks of them, merged and sorted by due date.

Like panels.py: the task page lives in cases, and the domains built on cases (plans, scheduling, services,
assessments, ...) register a source here from their AppConfig.ready(). A source takes the user and today's
date and returns TaskItems; it must cost a constant number of queries and return only what the user may
see. Titles are shown to the user who owns the task, never logged or put in URLs.

The home page shows only how many tasks wait and how many are overdue. A source whose items are rows of a
query registers a counter with it as well: the counter returns TaskCounts (the rows, which of them are
overdue, at most how many the source lists), and the database counts every counter's rows in one statement
(`task_counts`; the home page reads them with its panels' other numbers) instead of building each item. A
source whose items are worked out in Python counts them with a Tally (the same reads, no item built). A source
without a counter is listed and counted in Python.

The task page and the API list a page at a time, and a worker on thousands of cases has tens of thousands of
tasks. A source that may have many registers as `bounded`: it takes `limit` and returns only its first `limit`
items, in the list's order (urgent first, then by due date, undated last). The first items of the whole list
are then among what the sources return (`tasks_for(..., limit=n)`), and a page costs what it shows, not the
caseload. `TaskPages` is the whole list as a sequence that reads only as far as a page needs.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

from django.utils import timezone

from reclaim.core.queries import Counted, count_together

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from django.db.models import Q, QuerySet

    from reclaim.accounts.models import User


WEEK = datetime.timedelta(days=7)
When = Literal["overdue", "today", "week", "later", "undated"]  # the task page's groups, in its order


@dataclass(frozen=True)
class TaskItem:
    source: str  # a short code of the module, e.g. "plan_step", "follow_up", "appointment"
    kind: str  # the label shown to the user, e.g. "Plan step"
    title: str  # what needs doing; may mention the case number, never a survivor's name unless owned
    url: str  # where the user does it
    due: datetime.date | None = None
    case_number: str = ""
    urgent: bool = False
    # Set by a source whose own rule differs from "due before today" (a reassessment has 14 days' grace).
    overdue: bool | None = None

    def is_overdue(self, today: datetime.date) -> bool:
        if self.overdue is not None:
            return self.overdue
        return self.due is not None and self.due < today

    def when(self, today: datetime.date) -> When:
        """The group the task page shows it in: overdue, today (due now, or past its date within a grace its
        source allows), week (the next seven days), later, or undated."""
        if self.is_overdue(today):
            return "overdue"
        if self.due is None:
            return "undated"
        if self.due <= today:
            return "today"
        if self.due <= today + WEEK:
            return "week"
        return "later"


@dataclass(frozen=True)
class TaskCount:
    """A source's items counted in the database: one item per row of `rows`, overdue when the row also
    matches `overdue` (never, when None), at most `limit` of them (in the order of `rows`) when the source
    lists only that many."""

    rows: QuerySet[Any]
    overdue: Q | None = None
    limit: int | None = None


@dataclass(frozen=True)
class Tally:
    """A source's items counted from the rows it reads, without building them (no titles, URLs or decrypted
    fields): for a source whose items are worked out in Python (a schedule, a reminder rule) and cannot be a
    query's rows. `total` items, `overdue` of them."""

    total: int
    overdue: int = 0


Source: TypeAlias = "Callable[[User, datetime.date], list[TaskItem]]"
Counter: TypeAlias = "Callable[[User, datetime.date], Sequence[TaskCount | Tally]]"

_sources: list[Source] = []
_counters: dict[Source, Counter] = {}
_bounded: set[Source] = set()


def register_task_source(source: Source, *, count: Counter | None = None, bounded: bool = False) -> None:
    """Add a source once (ready() may run more than once in tests), with its counter if it has one: the
    counter must count exactly the items the source lists. A `bounded` source also takes `limit` (a keyword):
    with it, it returns its first `limit` items only, in the list's order (`_order`: its items tie on the
    due date in the order it gives them). It needs a counter: its items are not all built to count them."""
    if bounded and count is None:
        raise ValueError("a bounded task source needs a counter")
    if source not in _sources:
        _sources.append(source)
    if count is not None:
        _counters[source] = count
    if bounded:
        _bounded.add(source)


def _order(item: TaskItem) -> tuple[bool, datetime.date]:
    """Urgent first, then by due date, undated last. Items due the same day keep the order of their sources'
    registration, then each source's own order (a stable sort): the same order on every page, whatever the
    language (the kind's label is translated)."""
    return (not item.urgent, item.due or datetime.date.max)


def tasks_for(user: User, today: datetime.date, *, limit: int | None = None) -> list[TaskItem]:
    """Every source's items: urgent first, then by due date (undated last); only the first `limit` when
    given, and a bounded source then builds no more than that."""
    if limit is None:
        items = [item for source in _sources for item in source(user, today)]
        return sorted(items, key=_order)
    return TaskPages(user, today)[:limit]


class TaskPages(Sequence[TaskItem]):
    """The user's whole task list as a sequence for a paginator, read only as far as a page needs. The sources
    that are not bounded are listed whole, once (their items are few); a bounded one builds its items up to the
    end of the slice asked for, and is counted in the database (its counter; one statement for all of them)."""

    def __init__(self, user: User, today: datetime.date) -> None:
        self.user, self.today = user, today
        self._listed: dict[Source, list[TaskItem]] | None = None
        self._counts: tuple[int, int] | None = None

    def _unbounded(self) -> dict[Source, list[TaskItem]]:
        if self._listed is None:
            self._listed = {source: source(self.user, self.today) for source in _sources if source not in _bounded}
        return self._listed

    def counts(self) -> tuple[int, int]:
        """The number of tasks in the whole list, and of overdue ones."""
        if self._counts is None:
            listed = [item for items in self._unbounded().values() for item in items]
            bounded = [source for source in _sources if source in _bounded]  # each has a counter
            parts, total, overdue = task_count_parts(self.user, self.today, bounded)
            total += len(listed)
            overdue += sum(item.is_overdue(self.today) for item in listed)
            for rows, subset in count_together(parts):
                total, overdue = total + rows, overdue + subset
            self._counts = (total, overdue)
        return self._counts

    def __len__(self) -> int:
        return self.counts()[0]

    def _first(self, limit: int | None) -> list[TaskItem]:
        """The list's first `limit` items (all of them when None), the unbounded sources read once."""
        listed = self._unbounded()
        items: list[TaskItem] = []
        for source in _sources:  # in the order of registration, which orders items due the same day
            if source in _bounded:
                items.extend(source(self.user, self.today, limit=limit))  # type: ignore[call-arg]
            else:
                items.extend(listed[source])
        items.sort(key=_order)
        return items[:limit]

    @overload
    def __getitem__(self, index: int) -> TaskItem: ...

    @overload
    def __getitem__(self, index: slice) -> list[TaskItem]: ...

    def __getitem__(self, index: int | slice) -> TaskItem | list[TaskItem]:
        if isinstance(index, int):
            if index < 0:
                raise IndexError("TaskPages counts from the start")
            return self._first(index + 1)[index]
        if index.stop is None or index.stop < 0 or (index.start or 0) < 0:
            raise IndexError("TaskPages reads a slice with an end, counted from the start (a page)")
        return self._first(index.stop)[index]

    def __iter__(self) -> Iterator[TaskItem]:
        return iter(self._first(None))

    def first_where(self, keep: Callable[[TaskItem], bool], count: int) -> list[TaskItem]:
        """The first `count` items that `keep` keeps (all of them when there are fewer). It reads four times as
        far as `count` first (what is overdue or due now comes first), then, if that kept too few, the whole
        list once."""
        read = self._first(4 * count + 1)
        if len(read) <= 4 * count:  # that was the whole list
            return [item for item in read if keep(item)][:count]
        kept = [item for item in read if keep(item)]
        if len(kept) >= count:
            return kept[:count]
        return [item for item in self._first(None) if keep(item)][:count]  # the unbounded sources not read again


def local_day_start(today: datetime.date) -> datetime.datetime:
    """Midnight of `today` in the current time zone: a datetime before it has a local date before today."""
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def utc_day_start(today: datetime.date) -> datetime.datetime:
    """Midnight of `today` in UTC: a datetime before it has a UTC date (`aware.date()`) before today."""
    return datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC)


def task_count_parts(
    user: User, today: datetime.date, sources: Sequence[Source] | None = None
) -> tuple[tuple[Counted, ...], int, int]:
    """What the home page counts: the counters' rows (each with its overdue ones as the subset, for
    core's `count_together`), and the number of tasks and of overdue ones counted in Python (Tallies, and the
    sources without a counter, listed). Of every source, or of `sources` when given."""
    listed_total = listed_overdue = 0
    parts: list[Counted] = []
    for source in _sources if sources is None else sources:
        counter = _counters.get(source)
        if counter is None:
            items = source(user, today)
            listed_total += len(items)
            listed_overdue += sum(item.is_overdue(today) for item in items)
            continue
        for part in counter(user, today):
            if isinstance(part, Tally):
                listed_total += part.total
                listed_overdue += part.overdue
            else:
                parts.append(Counted(part.rows, subset=part.overdue, limit=part.limit))
    return tuple(parts), listed_total, listed_overdue


def task_counts(user: User, today: datetime.date) -> tuple[int, int]:
    """The number of the user's tasks and of the overdue ones (one statement, plus what the sources read)."""
    parts, total, overdue = task_count_parts(user, today)
    for rows, subset in count_together(parts):
        total += rows
        overdue += subset
    return total, overdue
