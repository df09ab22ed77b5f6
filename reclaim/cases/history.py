"""Pure rules of the trafficking history: partial dates, and when an exploitation is re-trafficking.

Re-trafficking (DOMAIN.md §10) is a new exploitation dated after a recorded exit from an earlier
trafficking situation; "exit" means leaving exploitation, not leaving the program. Here, the exit an
exploitation event is compared with is the latest end of the case's other exploitation events that ended
before it started, or, when none did, the date the person was identified. Dates may be partial (month or
year only): a start counts from the first day of its period and an end to the last day, so an event is
only called re-trafficking when it certainly started after the exit.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

DAY, MONTH, YEAR = "day", "month", "year"


def period_start(value: datetime.date, precision: str) -> datetime.date:
    if precision == YEAR:
        return value.replace(month=1, day=1)
    if precision == MONTH:
        return value.replace(day=1)
    return value


def period_end(value: datetime.date, precision: str) -> datetime.date:
    if precision == YEAR:
        return value.replace(month=12, day=31)
    if precision == MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


@dataclass(frozen=True)
class Span:
    """An exploitation event as the rule sees it: earliest possible start, latest possible end."""

    id: Any
    started_on: datetime.date | None
    ended_on: datetime.date | None


EXIT_EARLIER_EXPLOITATION = "earlier_exploitation_ended"
EXIT_IDENTIFIED = "identified"


def recorded_exit(
    event: Span, others: Iterable[Span], identified_on: datetime.date | None
) -> tuple[datetime.date, str] | None:
    """The exit `event` is compared with and what it rests on, or None when nothing is recorded."""
    if event.started_on is None:
        return None
    started = event.started_on
    ends = [o.ended_on for o in others if o.id != event.id and o.ended_on is not None and o.ended_on < started]
    if ends:
        return max(ends), EXIT_EARLIER_EXPLOITATION
    if identified_on is not None:
        return identified_on, EXIT_IDENTIFIED
    return None


def is_re_trafficking(event: Span, others: Iterable[Span], identified_on: datetime.date | None) -> bool:
    """Whether this exploitation certainly started after a recorded exit from an earlier situation."""
    found = recorded_exit(event, others, identified_on)
    return found is not None and event.started_on is not None and event.started_on > found[0]


def re_trafficking_events(spans: Iterable[Span], identified_on: datetime.date | None) -> set[Any]:
    """Ids of the exploitation events that are re-trafficking. Adding an event never removes one."""
    rows = list(spans)
    return {span.id for span in rows if is_re_trafficking(span, rows, identified_on)}
