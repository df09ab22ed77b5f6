"""Acknowledgement deadlines in business days (DOMAIN.md §8), pure: Monday to Friday count, weekends do not.
Public holidays differ per place and are not known here: an agency that needs them lengthens the deadline."""

from __future__ import annotations

import datetime

from django.utils import timezone

SATURDAY = 5


def add_business_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """`start` moved forward by `days` working days at the same local time of day. A start on a weekend
    counts from the next Monday morning's time of day: Saturday 10:00 + 1 = Monday 10:00."""
    local = timezone.localtime(start) if timezone.is_aware(start) else start
    moved = local
    remaining = days
    while remaining > 0:
        moved += datetime.timedelta(days=1)
        if moved.weekday() < SATURDAY:
            remaining -= 1
    return moved


def is_overdue(acknowledge_by: datetime.datetime | None, now: datetime.datetime) -> bool:
    return acknowledge_by is not None and acknowledge_by < now


def time_left(acknowledge_by: datetime.datetime | None, now: datetime.datetime) -> datetime.timedelta | None:
    return None if acknowledge_by is None else acknowledge_by - now
