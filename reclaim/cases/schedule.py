"""The follow-up schedule as pure functions (DOMAIN.md §10): which offsets are allowed, which dates follow.

Follow-up lasts at least 24 months after program exit; an agency may add contacts or extend it,
never shorten it.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

DEFAULT_OFFSETS_MONTHS: tuple[int, ...] = (1, 3, 6, 12, 18, 24)
DEFAULT_WINDOW_DAYS = 14
MIN_LAST_OFFSET_MONTHS = 24  # DOMAIN.md §10: at least 24 months, configurable, never shorter
MAX_OFFSET_MONTHS = 120
MAX_CONTACTS = 24
MAX_WINDOW_DAYS = 45


class ScheduleError(ValueError):
    """The offsets or window break a rule; `field` names the setting, `message` says what to change."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def validate_offsets(raw: Any) -> list[int]:
    """Strictly increasing positive whole months, the last at least 24; raise ScheduleError otherwise."""
    if not isinstance(raw, (list, tuple)) or not raw:
        raise ScheduleError("offsets_months", _("List at least one contact, in months after exit."))
    if len(raw) > MAX_CONTACTS:
        raise ScheduleError("offsets_months", _("At most %(n)d contacts.") % {"n": MAX_CONTACTS})
    offsets: list[int] = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ScheduleError("offsets_months", _("Each contact is a whole number of months after exit, 1 or more."))
        if value > MAX_OFFSET_MONTHS:
            raise ScheduleError("offsets_months", _("Contacts must fall within 120 months of exit."))
        if offsets and value <= offsets[-1]:
            raise ScheduleError("offsets_months", _("List the months in increasing order, each once."))
        offsets.append(value)
    if offsets[-1] < MIN_LAST_OFFSET_MONTHS:
        raise ScheduleError(
            "offsets_months",
            _(
                "Follow-up must last at least 24 months after exit: the last contact is at %(last)d months. "
                "Add a contact at 24 months or later."
            )
            % {"last": offsets[-1]},
        )
    return offsets


def validate_window(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_WINDOW_DAYS:
        raise ScheduleError("window_days", _("The window is a whole number of days from 1 to 45."))
    return int(raw)


def parse_offsets(text: str) -> list[int]:
    """Months typed as "1, 3, 6, 12, 18, 24" (commas or spaces) -> validated offsets."""
    parts = [p for p in text.replace(",", " ").split() if p]
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise ScheduleError(
            "offsets_months", _("Use whole numbers of months separated by commas, e.g. 1, 3, 6, 12, 18, 24.")
        ) from None
    return validate_offsets(numbers)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PlannedContact:
    sequence: int
    offset_months: int
    due_on: datetime.date
    window_days: int

    @property
    def opens_on(self) -> datetime.date:
        return self.due_on - datetime.timedelta(days=self.window_days)

    @property
    def closes_on(self) -> datetime.date:
        return self.due_on + datetime.timedelta(days=self.window_days)


def plan(exit_on: datetime.date, offsets: list[int] | tuple[int, ...], window_days: int) -> list[PlannedContact]:
    """The contacts of one follow-up period, numbered from 1, each due `offset` months after exit."""
    return [
        PlannedContact(sequence=i, offset_months=m, due_on=add_months(exit_on, m), window_days=window_days)
        for i, m in enumerate(offsets, start=1)
    ]
