"""The service log's two query shapes (issue 12): for a user with many cases it walks the agency's records newest
first and checks each one's case; with few it reads case by case. Both give the same rows, the same order and
the same scope."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.selectors import sees_many_cases
from reclaim.people.actions import do_create_survivor
from reclaim.services import selectors
from reclaim.services.actions import ServiceEntry, do_record_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas, case, agency, team, survivor_b):
    """Four records on the case manager's case (two on one day), one on a case of the same agency they are not
    assigned to, one in another agency."""
    today = timezone.localdate()
    mine = [
        do_record_service(
            actor=personas["case_manager"],
            case=case,
            entry=ServiceEntry("education.esl", today - datetime.timedelta(days=days)),
        )
        for days in (3, 0, 1, 0)
    ]
    stranger = do_create_survivor(actor=None, agency=agency, reference="S-2", team=team)
    not_mine = do_open_case(actor=personas["supervisor"], survivor=stranger, team=team)
    do_record_service(actor=personas["supervisor"], case=not_mine, entry=ServiceEntry("education.esl", today))
    other = do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)
    do_record_service(actor=personas["other_agency_user"], case=other, entry=ServiceEntry("education.esl", today))
    return mine


def test_many_cases_is_read_from_the_assignments(personas, records, django_assert_max_num_queries):
    manager = personas["case_manager"]
    manager_cases = 1  # the case fixture; the supervisor's case is not assigned to them
    # when asked around the number of cases the case manager is assigned to
    with django_assert_max_num_queries(2):  # the membership (unless cached), then one statement of counts
        below = sees_many_cases(manager, more_than=manager_cases - 1)
    at = sees_many_cases(manager, more_than=manager_cases)
    # then only "more than" what they have is false
    assert below
    assert not at


@pytest.mark.parametrize("many_from", [0, 1000], ids=["walk the agency", "case by case"])
def test_both_shapes_give_the_same_rows_in_the_same_order(personas, records, monkeypatch, many_from):
    # given the threshold set so that the case manager counts as having many cases, or few
    monkeypatch.setattr(selectors, "MANY_CASES", many_from)
    # when their service log is read
    rows = list(selectors.services_for_user(personas["case_manager"]))
    # then it is their four records, newest first (the latest recorded first within a day), and nothing else
    expected = sorted(records, key=lambda r: (-r.delivered_on.toordinal(), -r.created_at.timestamp(), r.pk))
    assert [r.pk for r in rows] == [r.pk for r in expected]
