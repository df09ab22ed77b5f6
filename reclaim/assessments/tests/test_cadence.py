"""Reassessment cadence: intake, six months, then yearly; PHQ-9 and GAD-7 monthly during the active plan."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reclaim.assessments.cadence import (
    DEFAULT_PLAN,
    DEFAULT_PLANS,
    GRACE_DAYS,
    Plan,
    next_due,
    next_due_on,
    scheduled_dates,
)

D = datetime.date
INTAKE = D(2026, 1, 31)


def test_the_default_plan_is_intake_six_months_then_yearly():
    assert scheduled_dates(DEFAULT_PLAN, INTAKE, D(2028, 12, 31)) == [
        D(2026, 1, 31),
        D(2026, 7, 31),
        D(2027, 7, 31),
        D(2028, 7, 31),
    ]


def test_nothing_done_yet_means_due_at_intake_and_overdue_after_the_grace_period():
    assert next_due(DEFAULT_PLAN, intake_on=INTAKE, last_done=None, today=D(2026, 2, 5)).overdue is False
    late = next_due(DEFAULT_PLAN, intake_on=INTAKE, last_done=None, today=D(2026, 2, 20))
    assert late is not None
    assert (late.on, late.overdue) == (INTAKE, True)


def test_an_assessment_answers_every_date_up_to_the_day_it_was_taken():
    due = next_due(DEFAULT_PLAN, intake_on=INTAKE, last_done=D(2026, 8, 10), today=D(2026, 9, 1))
    assert due is not None
    assert due.on == D(2027, 7, 31)
    assert due.overdue is False


def test_phq9_is_monthly_while_in_the_active_plan():
    plan = DEFAULT_PLANS["phq9"]
    due = next_due(
        plan, intake_on=INTAKE, last_done=D(2026, 3, 10), today=D(2026, 4, 1), active_plan_since=D(2026, 3, 1)
    )
    assert due is not None
    assert due.on == D(2026, 4, 10)
    # and outside the active plan it falls back to the six-month step
    assert next_due(plan, intake_on=INTAKE, last_done=D(2026, 3, 10), today=D(2026, 4, 1)).on == D(2026, 7, 31)


@pytest.mark.parametrize(
    "kwargs", [{"first_months": ()}, {"first_months": (6, 0)}, {"then_every_months": 0}, {"first_months": (-1,)}]
)
def test_plans_refuse_nonsense(kwargs):
    with pytest.raises(ValueError, match=r"offset|increasing|at least one month"):
        Plan(**kwargs)


@given(
    last=st.one_of(st.none(), st.dates(min_value=D(2026, 1, 1), max_value=D(2035, 1, 1))),
    today=st.dates(min_value=D(2026, 1, 1), max_value=D(2035, 1, 1)),
)
def test_the_next_due_date_is_never_before_the_last_assessment(last, today):
    due = next_due(DEFAULT_PLAN, intake_on=D(2026, 1, 1), last_done=last, today=today)
    assert due is not None  # the default plan never ends
    if last is not None:
        assert due.on > last


@given(
    first=st.lists(st.integers(min_value=0, max_value=36), min_size=1, max_size=4, unique=True).map(sorted),
    every=st.one_of(st.none(), st.integers(min_value=1, max_value=24)),
    intake=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    last=st.one_of(st.none(), st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 1, 1))),
    today=st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 1, 1)),
)
def test_the_next_due_date_is_the_first_scheduled_date_not_yet_answered(first, every, intake, last, today):
    # given any plan, intake, last assessment and day
    plan = Plan(first_months=tuple(first), then_every_months=every)
    # when the next due date is found without building the whole schedule
    due = next_due(plan, intake_on=intake, last_done=last, today=today)
    # then it is the first date of the whole schedule (up to the horizon) after the last assessment
    horizon = max(today, last or today) + datetime.timedelta(days=400 * 3)
    pending = [d for d in scheduled_dates(plan, intake, horizon) if last is None or d > last]
    assert (due.on if due else None) == (pending[0] if pending else None)


@given(
    first=st.lists(st.integers(min_value=0, max_value=120), min_size=1, max_size=4, unique=True).map(sorted),
    every=st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
    active_every=st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
    intake=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    last=st.one_of(st.none(), st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 1, 1))),
    active_since=st.one_of(st.none(), st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 1, 1))),
    today=st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 1, 1)),
)
def test_the_stored_date_is_the_live_one_whenever_a_list_could_show_it(
    first, every, active_every, intake, last, active_since, today
):
    # given any plan and dates (the last assessment on or before today, as the actions allow)
    last = min(last, today) if last else None
    plan = Plan(first_months=tuple(first), then_every_months=every, active_plan_every_months=active_every)
    kwargs = {"intake_on": intake, "last_done": last, "active_plan_since": active_since}
    # when the date is worked out without today (stored) and with it (live)
    stored = next_due_on(plan, **kwargs)
    due = next_due(plan, today=today, **kwargs)
    # then whenever either could be listed (overdue, or due within two weeks) they are the same day
    soon = today + datetime.timedelta(days=14)
    if due is not None and due.on <= soon:
        assert stored == due.on
    if stored is not None and stored <= soon:
        assert due is not None
        assert due.on == stored
        assert due.overdue == (today > stored + datetime.timedelta(days=GRACE_DAYS))
