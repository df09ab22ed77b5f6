"""When an instrument or the outcome rating is due again (DOMAIN.md §6.2 cadence). Pure: dates in, dates out.

Default plan: at intake, six months later, then every year; PHQ-9 and GAD-7 also monthly while the case is
in its active plan. An agency may keep its own plans (`Plan` values); a due date passes into "overdue"
after a grace period, which is what reminders and supervisors' lists look at.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reclaim.cases.schedule import add_months

if TYPE_CHECKING:
    from collections.abc import Iterator

GRACE_DAYS = 14
OUTCOMES = "outcomes"  # the outcome-domain rating follows a plan like an instrument


@dataclass(frozen=True)
class Plan:
    """Months after intake for the first reassessments, then a steady interval; optionally a tighter
    interval while the case is in its active plan."""

    first_months: tuple[int, ...] = (0, 6)
    then_every_months: int | None = 12
    active_plan_every_months: int | None = None

    def __post_init__(self) -> None:
        if not self.first_months or any(m < 0 for m in self.first_months):
            raise ValueError("first_months needs at least one offset, none negative")
        if list(self.first_months) != sorted(set(self.first_months)):
            raise ValueError("first_months must be strictly increasing")
        for interval in (self.then_every_months, self.active_plan_every_months):
            if interval is not None and interval < 1:
                raise ValueError("intervals are at least one month")


DEFAULT_PLAN = Plan()
DEFAULT_PLANS: dict[str, Plan] = {
    "phq9": Plan(active_plan_every_months=1),
    "gad7": Plan(active_plan_every_months=1),
    "pcl5": DEFAULT_PLAN,
    "brs": DEFAULT_PLAN,
    OUTCOMES: DEFAULT_PLAN,
}


@dataclass(frozen=True)
class Due:
    on: datetime.date
    overdue: bool


def scheduled_dates(plan: Plan, intake_on: datetime.date, until: datetime.date) -> list[datetime.date]:
    """Every date the plan asks for, from intake up to `until` (inclusive)."""
    dates = [add_months(intake_on, m) for m in plan.first_months]
    if plan.then_every_months:
        last = plan.first_months[-1]
        step = plan.then_every_months
        while dates[-1] <= until:
            last += step
            dates.append(add_months(intake_on, last))
    return [d for d in dates if d <= until]


def _schedule(plan: Plan, intake_on: datetime.date) -> Iterator[datetime.date]:
    """The plan's dates in order (strictly increasing: first_months is), without end when it repeats."""
    for months in plan.first_months:
        yield add_months(intake_on, months)
    if plan.then_every_months:
        months = plan.first_months[-1]
        while True:
            months += plan.then_every_months
            yield add_months(intake_on, months)


def _first_after(
    plan: Plan, intake_on: datetime.date, after: datetime.date | None, until: datetime.date
) -> datetime.date | None:
    """The first of scheduled_dates(plan, intake_on, until) after `after` (the first of all when None),
    without building the dates beyond it (the task list and the due list ask this of every open case)."""
    for date in _schedule(plan, intake_on):
        if date > until:
            return None
        if after is None or date > after:
            return date
    return None


def _earliest(
    plan: Plan,
    *,
    intake_on: datetime.date,
    last_done: datetime.date | None,
    until: datetime.date,
    active_plan_since: datetime.date | None,
) -> datetime.date | None:
    """The earliest date the plan asks for after `last_done`: the plan's next date up to `until`, or the
    active-plan rhythm's next date (not bounded by `until`)."""
    first = _first_after(plan, intake_on, last_done, until)
    candidates = [first] if first is not None else []
    if plan.active_plan_every_months and active_plan_since is not None:
        base = max(last_done, active_plan_since) if last_done else active_plan_since
        candidates.append(add_months(base, plan.active_plan_every_months) if last_done else active_plan_since)
    return min(candidates) if candidates else None


def next_due(
    plan: Plan,
    *,
    intake_on: datetime.date,
    last_done: datetime.date | None,
    today: datetime.date,
    active_plan_since: datetime.date | None = None,
    grace_days: int = GRACE_DAYS,
) -> Due | None:
    """The earliest date the plan asks for that no assessment has answered yet, or None if none is due by
    the next scheduled date. An assessment answers every scheduled date up to the day it was taken."""
    horizon = max(today, last_done or today) + datetime.timedelta(days=400 * 3)
    on = _earliest(plan, intake_on=intake_on, last_done=last_done, until=horizon, active_plan_since=active_plan_since)
    if on is None:
        return None
    return Due(on=on, overdue=today > on + datetime.timedelta(days=grace_days))


def next_due_on(
    plan: Plan,
    *,
    intake_on: datetime.date,
    last_done: datetime.date | None,
    active_plan_since: datetime.date | None = None,
) -> datetime.date | None:
    """next_due's date without its horizon, so without `today`: what the stored due dates hold
    (ReassessmentDue). Whenever either date falls within 1,200 days of today (every list looks at most
    DUE_SOON_DAYS ahead), the two are the same day; past the horizon next_due says None or a later
    active-plan date, this the plan's own next date. None only when a plan that does not repeat has no date
    left after `last_done`."""
    return _earliest(
        plan, intake_on=intake_on, last_done=last_done, until=datetime.date.max, active_plan_since=active_plan_since
    )
