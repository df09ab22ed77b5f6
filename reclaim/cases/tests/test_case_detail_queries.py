"""The case overview with every banner and section that reads on demand showing at once: QUALITY.md's bar of 12
statements holds for this case too, not only for the query-count test's plain one (on PostgreSQL the audit
chain's advisory lock is one of them)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from conftest import _TEST_TRANSACTION_NOISE, login_client, page_and_queries
from reclaim.assessments.actions import do_record_assessment
from reclaim.cases.actions import (
    do_raise_flag,
    do_record_determination,
    do_record_follow_up,
    do_request_approval,
    mark_missed_follow_ups,
)
from reclaim.cases.models import CaseAssignment
from reclaim.cases.tests.follow_up_helpers import at, exit_to_follow_up
from reclaim.legal.tests.le_support import granted_t_visa

BUDGET = 12  # QUALITY.md: queries per page for the case list, the case detail and the dashboards


def _everything_at_once(personas, survivor):
    """A case in follow-up with a missed contact and a contact that found a crisis, an active flag, an open
    urgent assessment alert, a granted T visa, a trafficking-status decision and a pending request to close."""
    manager = personas["case_manager"]
    case = exit_to_follow_up(personas, survivor)
    CaseAssignment.objects.create(agency_id=case.agency_id, case=case, user=personas["legal_advocate"])
    mark_missed_follow_ups(today=date(2026, 3, 15))
    second = case.follow_ups.order_by("sequence")[1]
    with at(date(2026, 4, 20)):
        do_record_follow_up(
            actor=manager, follow_up=second, expected_version=second.version, outcome="reached_in_crisis"
        )
    granted_t_visa(personas["legal_advocate"], case, date(2026, 5, 4))
    do_raise_flag(actor=manager, case=case, kind="other", reason="Recruiter seen near the shelter")
    do_record_assessment(actor=manager, case=case, instrument_code="phq9", answers=[0] * 8 + [1])
    do_record_determination(
        actor=manager, case=case, status="PossibleVictimOfTrafficking", decided_by="NGO", decided_on=date(2026, 5, 5)
    )
    case.refresh_from_db()
    do_request_approval(actor=manager, case=case, kind="close", close_reason="goals_met")
    return case


def test_the_overview_showing_everything_stays_within_the_budget(personas, survivor_a):
    case = _everything_at_once(personas, survivor_a)
    page, sql = page_and_queries(login_client(personas["case_manager"]), reverse("cases:detail", args=[case.pk]))
    # every part that reads only when it has something to show is on the page
    for shown in (
        "Recruiter seen near the shelter",  # the flag banner
        "Assessment alert to act on",  # the open PHQ-9 alert
        "1 follow-up contact was missed.",
        "In crisis at the last follow-up contact.",
        "Relief obtained (legal matters)",
        "Possible victim of trafficking",
        "Outcome domains: guidance for closing",
    ):
        assert shown in page, shown
    statements = [s for s in sql if not s.startswith(_TEST_TRANSACTION_NOISE)]
    assert len(statements) <= BUDGET, "\n".join(s[:160] for s in statements)
