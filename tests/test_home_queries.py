"""The signed-in home page stays within QUALITY.md's 12 statements for every staff role on a world where each
panel has something to show: the query-count world (the matrix's objects plus rows of every kind, on cases,
agency-wide, in the portal and in outreach) and a course every role must take, held by one of them; counted today
and three weeks on, when much of it is overdue. tests/test_query_counts.py counts one persona's home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import _TEST_TRANSACTION_NOISE, STAFF_PERSONAS, login_client, page_and_queries
from reclaim.accounts.selectors import active_membership
from reclaim.connect.checkin_actions import CheckInInput, do_check_in
from reclaim.outreach import training_actions as training
from reclaim.outreach.tests.training_support import admin_of, certify, make_course
from tests.query_counts_support import grow
from tests.test_permission_matrix import objects as matrix_objects  # noqa: F401 — the fixture used below

BUDGET = 12  # QUALITY.md: queries per page for the case list, the case detail and the dashboards


@pytest.mark.parametrize("days_on", [0, 21])
def test_every_roles_home_page_stays_within_the_budget(personas, matrix_objects, days_on):  # noqa: F811 — fixture
    # given rows of every kind, an urgent check-in from the portal, and a course every staff role must take, which
    # only the case manager holds
    grow(matrix_objects, rows=2, cases=2)
    do_check_in(account=matrix_objects["portal_account"], data=CheckInInput(feeling="bad", safety="not_safe"))
    agency = active_membership(personas["agency_admin"]).agency
    course = make_course(agency)
    training.do_set_required_courses(
        actor=admin_of(agency), agency=agency, required={str(role): {course.pk} for role in STAFF_PERSONAS.values()}
    )
    certify(personas["case_manager"], course, completed_days_ago=10)
    pages, counts = {}, {}
    with time_machine.travel(timezone.now() + timedelta(days=days_on), tick=False):
        # when each staff member opens their home page
        for name in STAFF_PERSONAS:
            page, sql = page_and_queries(login_client(personas[name]), reverse("home"))
            pages[name] = page
            counts[name] = [s for s in sql if not s.startswith(_TEST_TRANSACTION_NOISE)]
    # then the panels had something to show (else the count proves little)
    for shown in (
        "Cases you work on, the longest-waiting first.",  # the urgent needs table
        "Alerts raised by screens on cases you work on",  # the assessment alerts table
        "Legal deadlines",
        "Urgent check-ins from the portal",
        "Portal messages",
        "My tasks",
    ):
        assert shown in pages["case_manager"], shown
    # and no role's page went over the budget
    over = {name: len(sql) for name, sql in counts.items() if len(sql) > BUDGET}
    assert over == {}, "\n\n".join(f"{name}:\n" + "\n".join(s[:160] for s in counts[name]) for name in over)
