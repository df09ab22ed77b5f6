"""Readable forms of directory values: opening hours from an RFC 5545 rule, and how old a capacity figure is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.referrals.directory_actions import rrule_parts

if TYPE_CHECKING:
    import datetime

    from reclaim.referrals.models import OrgService

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MIN_RUN = 3  # three or more days in a row read as "Monday to Wednesday"


def _day_names() -> dict[str, str]:
    return {
        "MO": _("Monday"),
        "TU": _("Tuesday"),
        "WE": _("Wednesday"),
        "TH": _("Thursday"),
        "FR": _("Friday"),
        "SA": _("Saturday"),
        "SU": _("Sunday"),
    }


def _days(byday: str) -> str:
    names = _day_names()
    plain = [day for day in byday.split(",") if day in WEEKDAYS]
    if len(plain) != len(byday.split(",")):  # e.g. 1MO (first Monday): show the rule's own words
        return byday
    indexes = sorted({WEEKDAYS.index(day) for day in plain})
    if len(indexes) == len(WEEKDAYS):
        return _("Every day")
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = []
    for run in runs:
        if len(run) >= MIN_RUN:
            parts.append(
                _("%(first)s to %(last)s") % {"first": names[WEEKDAYS[run[0]]], "last": names[WEEKDAYS[run[-1]]]}
            )
        else:
            parts.extend(names[WEEKDAYS[index]] for index in run)
    return ", ".join(parts)


def describe_hours(service: OrgService) -> str:
    """ "Monday to Friday, 09:00-17:00" from `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR` and the times; "" when none."""
    parts = rrule_parts(service.hours_rrule)
    words = ""
    if parts.get("BYDAY"):
        words = _days(parts["BYDAY"])
    elif parts.get("BYMONTHDAY"):
        words = _("Days %(days)s of each month") % {"days": parts["BYMONTHDAY"].replace(",", ", ")}
    elif parts.get("FREQ") == "WEEKLY":
        words = _("Every week")
    elif parts.get("FREQ") == "MONTHLY":
        words = _("Every month")
    if parts.get("INTERVAL", "1") != "1":
        words = _("%(days)s (every %(n)s weeks or months)") % {"days": words, "n": parts["INTERVAL"]}
    if service.opens_at is not None and service.closes_at is not None:
        times = f"{service.opens_at:%H:%M}\N{EN DASH}{service.closes_at:%H:%M}"
        words = f"{words}, {times}" if words else times
    if service.hours_note:
        words = f"{words}. {service.hours_note}" if words else service.hours_note
    return words


def capacity_age_days(service: OrgService, today: datetime.date) -> int | None:
    """Whole days since the capacity figure was updated; None without a figure."""
    if service.capacity is None or service.capacity_updated_at is None:
        return None
    return max(0, (today - timezone.localtime(service.capacity_updated_at).date()).days)
