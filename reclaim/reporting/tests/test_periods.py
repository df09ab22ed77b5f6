"""Reporting periods (reporting/periods.py): constructors, parsing with clear errors, the select's choices, and
properties: quarters and halves tile their year with no gap or overlap, for every fiscal start month."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reclaim.reporting import periods as p

D = datetime.date


@pytest.mark.parametrize(
    ("text", "month", "start", "end"),
    [
        ("2026", 10, D(2026, 1, 1), D(2026, 12, 31)),
        ("FY2027", 7, D(2026, 7, 1), D(2027, 6, 30)),
        ("FY2027", 10, D(2026, 10, 1), D(2027, 9, 30)),
        ("FY2027", 1, D(2027, 1, 1), D(2027, 12, 31)),
        ("2026-Q3", 10, D(2026, 7, 1), D(2026, 9, 30)),
        ("2024-Q1", 10, D(2024, 1, 1), D(2024, 3, 31)),
        ("FY2027-Q1", 10, D(2026, 10, 1), D(2026, 12, 31)),
        ("FY2027-Q4", 7, D(2027, 4, 1), D(2027, 6, 30)),
        ("fy2027-q2", 7, D(2026, 10, 1), D(2026, 12, 31)),
        ("2026-H1", 10, D(2026, 1, 1), D(2026, 6, 30)),
        ("2026-H2", 10, D(2026, 7, 1), D(2026, 12, 31)),
        ("FY2027-H2", 10, D(2027, 4, 1), D(2027, 9, 30)),
        (" 2026-01-01..2026-03-31 ", 10, D(2026, 1, 1), D(2026, 3, 31)),
    ],
)
def test_parse_reads_every_form(text, month, start, end):
    period = p.parse(text, month)
    assert (period.start, period.end) == (start, end)
    assert p.parse(period.label, month) == period  # the label reads back


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a period"),
        ("last year", "is not a period"),
        ("2026-Q5", "Q1 to Q4"),
        ("2026-Q0", "Q1 to Q4"),
        ("2026-H3", "H1 or H2"),
        ("FY12", "is not a period"),
        ("2026-02-30..2026-03-31", "does not exist"),
        ("2026-03-31..2026-01-01", "cannot end"),
        ("0999", "between 1900 and 2999"),
    ],
)
def test_parse_errors_say_what_is_accepted(text, message):
    with pytest.raises(p.PeriodError, match=message):
        p.parse(text)


def test_a_fiscal_start_month_outside_the_year_is_refused():
    with pytest.raises(p.PeriodError, match="1 \\(January\\) to 12"):
        p.fiscal_year(2027, 13)


def test_period_helpers():
    fy = p.fiscal_year(2027, 10)
    assert D(2026, 10, 1) in fy and D(2027, 9, 30) in fy and D(2027, 10, 1) not in fy
    assert fy.end_exclusive == D(2027, 10, 1)
    assert p.calendar_year(2024).days == 366
    assert fy.describe() == "FY2027 (2026-10-01 to 2027-09-30)"
    assert p.fiscal_year_of(D(2026, 10, 1), 10) == 2027
    assert p.fiscal_year_of(D(2026, 9, 30), 10) == 2026
    assert p.fiscal_year_of(D(2026, 9, 30), 1) == 2026


def test_choices_offer_recent_periods_for_the_agencys_fiscal_year():
    choices = dict(p.periods_for_choice(10, D(2026, 11, 28)))
    assert list(choices)[:4] == ["FY2027", "FY2026", "2026", "2025"]
    assert {"FY2027-Q1", "FY2026-Q4", "2026-Q4", "2025-Q3", "2026-H2", "2025-H1"} <= set(choices)
    assert choices["FY2027-Q1"] == "FY2027-Q1 (2026-10-01 to 2026-12-31)"
    for label in choices:  # every choice parses back to itself
        assert p.parse(label, 10).label == label
    january = [label for label, _ in p.periods_for_choice(1, D(2026, 11, 28))]
    assert not any(label.startswith("FY") for label in january)  # would repeat the calendar choices


def _tiles(parts: list[p.Period], whole: p.Period) -> None:
    assert parts[0].start == whole.start and parts[-1].end == whole.end
    for before, after in itertools.pairwise(parts):
        assert after.start == before.end + datetime.timedelta(days=1)  # no gap, no overlap
    assert sum(part.days for part in parts) == whole.days


@given(year=st.integers(1901, 2998), month=st.integers(1, 12))
def test_fiscal_quarters_and_halves_tile_the_fiscal_year(year, month):
    whole = p.fiscal_year(year, month)
    assert whole.days in {365, 366}
    _tiles([p.fiscal_quarter(year, q, month) for q in range(1, 5)], whole)
    _tiles([p.fiscal_half(year, h, month) for h in (1, 2)], whole)
    _tiles(
        [p.fiscal_year(year, month), p.fiscal_year(year + 1, month)],
        p.custom(whole.start, p.fiscal_year(year + 1, month).end),
    )


@given(year=st.integers(1900, 2999))
def test_calendar_quarters_and_halves_tile_the_year(year):
    _tiles([p.quarter(year, q) for q in range(1, 5)], p.calendar_year(year))
    _tiles([p.half(year, h) for h in (1, 2)], p.calendar_year(year))


@given(day=st.dates(D(1901, 1, 1), D(2998, 12, 31)), month=st.integers(1, 12))
def test_every_day_is_in_exactly_one_fiscal_quarter_of_its_fiscal_year(day, month):
    fy = p.fiscal_year_of(day, month)
    assert day in p.fiscal_year(fy, month)
    assert sum(day in p.fiscal_quarter(fy, q, month) for q in range(1, 5)) == 1
