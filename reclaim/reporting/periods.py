"""Reporting periods as parameters (DOMAIN.md §11): calendar and fiscal years, quarters, halves, custom ranges.

A `Period` is a start and an end day, both inclusive, and a compact label that `parse` reads back:

    "2026"                     calendar year 2026
    "FY2027"                   fiscal year 2027: named by the year it ENDS in (July start: 2026-07-01..2027-06-30;
                               October start, the federal year: 2026-10-01..2027-09-30; January start: 2027)
    "2026-Q3"                  calendar quarter (Jul-Sep 2026)
    "FY2027-Q1"                fiscal quarter: the first three months of FY2027
    "2026-H2"                  calendar half (TIMS: Jan-Jun is H1, Jul-Dec is H2)
    "FY2027-H1"                fiscal half
    "2026-01-01..2026-03-31"   any range (a grant year, say)

Fiscal labels need the agency's fiscal-year start month (ReportingPolicy.fiscal_year_start_month).
Pure functions: no database, no clock (pass `today`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTHS_IN_YEAR = 12
QUARTERS = 4
HALVES = 2
MIN_YEAR = 1900
MAX_YEAR = 2999
FEDERAL_FISCAL_START = 10


class PeriodError(ValueError):
    """A period that cannot be read or built; the message says what is accepted."""


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                _("A period cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": self.end, "start": self.start}
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def end_exclusive(self) -> datetime.date:
        """The day after the end: for `date >= start AND date < end_exclusive` queries."""
        return self.end + datetime.timedelta(days=1)

    def describe(self) -> str:
        """The label with its dates, for a select or a report heading: "FY2027 (2026-10-01 to 2027-09-30)"."""
        if ".." in self.label:
            return f"{self.start.isoformat()} to {self.end.isoformat()}"
        return f"{self.label} ({self.start.isoformat()} to {self.end.isoformat()})"


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(_("Use a year between %(first)d and %(last)d.") % {"first": MIN_YEAR, "last": MAX_YEAR})


def _check_month(month: int) -> None:
    if not 1 <= month <= MONTHS_IN_YEAR:
        raise PeriodError(_("The fiscal year start month must be 1 (January) to 12 (December)."))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * MONTHS_IN_YEAR + (month - 1) + months
    return index // MONTHS_IN_YEAR, index % MONTHS_IN_YEAR + 1


def _months(year: int, month: int, count: int, label: str) -> Period:
    """`count` whole months starting on the first of (year, month)."""
    end_year, end_month = _add_months(year, month, count)
    start = datetime.date(year, month, 1)
    return Period(start, datetime.date(end_year, end_month, 1) - datetime.timedelta(days=1), label)


def _fiscal_start(fiscal_year: int, start_month: int) -> tuple[int, int]:
    """First month of the fiscal year named `fiscal_year` (the year it ends in)."""
    _check_month(start_month)
    return (fiscal_year, 1) if start_month == 1 else (fiscal_year - 1, start_month)


def calendar_year(year: int) -> Period:
    _check_year(year)
    return _months(year, 1, MONTHS_IN_YEAR, str(year))


def fiscal_year(year: int, start_month: int = FEDERAL_FISCAL_START) -> Period:
    """Fiscal year `year`, named by the calendar year it ends in."""
    _check_year(year)
    first_year, first_month = _fiscal_start(year, start_month)
    return _months(first_year, first_month, MONTHS_IN_YEAR, f"FY{year}")


def quarter(year: int, number: int) -> Period:
    _check_year(year)
    if not 1 <= number <= QUARTERS:
        raise PeriodError(_("A quarter is Q1 to Q4."))
    return _months(year, 3 * (number - 1) + 1, 3, f"{year}-Q{number}")


def fiscal_quarter(year: int, number: int, start_month: int = FEDERAL_FISCAL_START) -> Period:
    _check_year(year)
    if not 1 <= number <= QUARTERS:
        raise PeriodError(_("A quarter is Q1 to Q4."))
    first_year, first_month = _add_months(*_fiscal_start(year, start_month), 3 * (number - 1))
    return _months(first_year, first_month, 3, f"FY{year}-Q{number}")


def half(year: int, number: int) -> Period:
    """Calendar half: H1 is January-June, H2 July-December (the TIMS semiannual periods)."""
    _check_year(year)
    if not 1 <= number <= HALVES:
        raise PeriodError(_("A half year is H1 or H2."))
    return _months(year, 6 * (number - 1) + 1, 6, f"{year}-H{number}")


def fiscal_half(year: int, number: int, start_month: int = FEDERAL_FISCAL_START) -> Period:
    _check_year(year)
    if not 1 <= number <= HALVES:
        raise PeriodError(_("A half year is H1 or H2."))
    first_year, first_month = _add_months(*_fiscal_start(year, start_month), 6 * (number - 1))
    return _months(first_year, first_month, 6, f"FY{year}-H{number}")


def custom(start: datetime.date, end: datetime.date) -> Period:
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def fiscal_year_of(day: datetime.date, start_month: int = FEDERAL_FISCAL_START) -> int:
    """The fiscal year (named by its end year) that `day` falls in."""
    _check_month(start_month)
    return day.year + 1 if start_month != 1 and day.month >= start_month else day.year


_FORMS = (
    re.compile(r"^(?P<fy>FY)?(?P<year>\d{4})(?:-(?P<part>[QH])(?P<n>\d))?$"),
    re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})$"),
)

ACCEPTED = "2026, FY2027, 2026-Q3, FY2027-Q1, 2026-H2, FY2027-H1 or 2026-01-01..2026-03-31"


def parse(text: str, fiscal_start_month: int = FEDERAL_FISCAL_START) -> Period:
    """Read a compact period label (see the module docstring); anything else is a PeriodError saying what is
    accepted."""
    value = (text or "").strip().upper()
    match = _FORMS[0].match(value)
    if match:
        year = int(match["year"])
        fiscal = bool(match["fy"])
        part, number = match["part"], int(match["n"]) if match["n"] else 0
        if part == "Q":
            return fiscal_quarter(year, number, fiscal_start_month) if fiscal else quarter(year, number)
        if part == "H":
            return fiscal_half(year, number, fiscal_start_month) if fiscal else half(year, number)
        return fiscal_year(year, fiscal_start_month) if fiscal else calendar_year(year)
    match = _FORMS[1].match(value)
    if match:
        try:
            start = datetime.date.fromisoformat(match["start"])
            end = datetime.date.fromisoformat(match["end"])
        except ValueError:
            raise PeriodError(_("“%(text)s” has a day that does not exist.") % {"text": text}) from None
        return custom(start, end)
    raise PeriodError(
        _("“%(text)s” is not a period. Write it like %(accepted)s.") % {"text": text, "accepted": ACCEPTED}
    )


def periods_for_choice(fiscal_start_month: int, today: datetime.date) -> list[tuple[str, str]]:
    """(label, description) choices for a period select, most recent first within each kind: this and last
    fiscal year, this and last calendar year, the last six fiscal and calendar quarters, the last four halves.
    With a January fiscal start the fiscal choices would repeat the calendar ones, so they are left out."""
    fy = fiscal_year_of(today, fiscal_start_month)
    periods: list[Period] = []
    fiscal = fiscal_start_month != 1
    if fiscal:
        periods += [fiscal_year(fy, fiscal_start_month), fiscal_year(fy - 1, fiscal_start_month)]
    periods += [calendar_year(today.year), calendar_year(today.year - 1)]
    if fiscal:
        current = next(q for q in range(1, 5) if today in fiscal_quarter(fy, q, fiscal_start_month))
        index = fy * QUARTERS + current - 1
        periods += [
            fiscal_quarter(i // QUARTERS, i % QUARTERS + 1, fiscal_start_month) for i in range(index, index - 6, -1)
        ]
    index = today.year * QUARTERS + (today.month - 1) // 3
    periods += [quarter(i // QUARTERS, i % QUARTERS + 1) for i in range(index, index - 6, -1)]
    index = today.year * HALVES + (today.month - 1) // 6
    periods += [half(i // HALVES, i % HALVES + 1) for i in range(index, index - 4, -1)]
    return [(p.label, p.describe()) for p in periods]
