"""The stored next due dates (ReassessmentDue): each action that changes an input rewrites its cases' rows, a
random sequence of actions leaves the rows equal to the live computation, the readers give what the live
computation gives, the backfill migration and the reminder job's rebuild put stale rows right."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import login_client
from reclaim.assessments import schedule_selectors
from reclaim.assessments.actions import do_record_assessment, do_set_instrument_offered
from reclaim.assessments.models import Instrument, OutcomeRating, ReassessmentDue
from reclaim.assessments.outcome_actions import do_edit_outcome_rating, do_rate_outcomes, rating_values
from reclaim.assessments.schedule_actions import (
    do_set_assessment_plan,
    record_overdue_reminders,
    refresh_agency,
    refresh_due,
)
from reclaim.assessments.schedule_selectors import (
    _annotated,
    _compute,
    _effective,
    _offered,
    _stored,
    _views,
    due_assessments,
    last_assessed,
    next_due_dates,
)
from reclaim.assessments.tests.test_schedules import INTAKE, SHIPPED, enrol
from reclaim.cases.actions import do_decide_approval, do_request_approval, do_transition_case, do_update_case
from reclaim.cases.models import Case
from reclaim.cases.tests.follow_up_helpers import at
from reclaim.people.actions import do_create_survivor

ANSWERS = {"phq9": [0] * 9, "gad7": [0] * 7, "pcl5": [0] * 20, "brs": [3] * 6}


def stored(case=None):
    rows = ReassessmentDue.objects.all() if case is None else ReassessmentDue.objects.filter(case=case)
    return {(r.case_id, r.instrument_code, r.due_on) for r in rows}


def live(cases=None):
    return {(c, code, on) for c, _a, code, on in next_due_dates(cases if cases is not None else Case.objects.all())}


def codes(case):
    return {code: on for _c, code, on in stored(case)}


def live_due_list(today):
    """The due list as the live computation gives it (the readers before the table): every open case's items,
    those due within two weeks or overdue."""
    cases = Case.objects.all()
    rows = list(_annotated(cases))
    agency_ids = {row.agency_id for row in rows}
    offered, plans_stored = _offered(agency_ids), _stored(agency_ids)
    plans = {a: _effective(_views(offered[a], plans_stored.get(a, {}))) for a in agency_ids}
    horizon = today + timedelta(days=schedule_selectors.DUE_SOON_DAYS)
    items = _compute(rows, plans, last_assessed(cases), today)
    return [i for i in items if i.overdue or i.due_on <= horizon]


@pytest.fixture
def enrolled(personas, survivor_a):
    return enrol(personas["case_manager"], survivor_a, workers=[personas["clinician"]])


# --- each action rewrites the rows of what it changed -------------------------------------------------


def test_an_identified_case_has_no_rows_and_intake_schedules_every_code(personas, survivor_a):
    # given a case opened and taken to intake on INTAKE
    case = enrol(personas["case_manager"], survivor_a)
    # then every shipped code is due at intake, as the live computation says
    assert codes(case) == dict.fromkeys(SHIPPED, INTAKE)
    assert stored() == live()


def test_recording_an_assessment_moves_its_code(personas, enrolled):
    # when a PHQ-9 is taken three days after intake
    with at(INTAKE + timedelta(days=3)):
        do_record_assessment(actor=personas["case_manager"], case=enrolled, instrument_code="phq9", answers=[0] * 9)
    # then its next date is six months after intake, the others unchanged
    found = codes(enrolled)
    assert found["phq9"] == date(2026, 7, 31)
    assert found["gad7"] == INTAKE
    assert stored() == live()


def test_rating_and_correcting_a_rating_move_outcomes(personas, enrolled):
    manager = personas["case_manager"]
    # when outcomes are rated after the six-month date
    with at(date(2026, 8, 10)):
        rating = do_rate_outcomes(actor=manager, case=enrolled, scores={"income": 2})
    assert codes(enrolled)["outcomes"] == date(2027, 7, 31)
    # when the rating's date is corrected back to before the six-month date
    rating = OutcomeRating.objects.get(pk=rating.pk)
    with at(date(2026, 8, 11)):
        do_edit_outcome_rating(
            actor=manager,
            rating=rating,
            expected_version=rating.version,
            scores=rating_values(rating)["scores"],
            rated_on=date(2026, 3, 1),
            with_survivor=True,
        )
    # then outcomes are due at six months again
    assert codes(enrolled)["outcomes"] == date(2026, 7, 31)
    assert stored() == live()


def test_moving_into_the_active_plan_makes_phq9_monthly_and_closing_removes_the_rows(personas, enrolled):
    manager, supervisor = personas["case_manager"], personas["supervisor"]
    with at(INTAKE + timedelta(days=2)):
        do_record_assessment(actor=manager, case=enrolled, instrument_code="phq9", answers=[0] * 9)
    # when the case moves into its active plan on 10 March
    with at(date(2026, 3, 10)):
        enrolled.refresh_from_db()
        do_transition_case(actor=manager, case=enrolled, to="active_plan", expected_version=enrolled.version)
    # then PHQ-9 falls due a month after the move (the monthly rhythm counts from it), not at six months
    assert codes(enrolled)["phq9"] == date(2026, 4, 10)
    assert stored() == live()
    # when a supervisor approves closing it
    with at(date(2026, 4, 1)):
        approval = do_request_approval(actor=manager, case=enrolled, kind="close", close_reason="goals_met")
        do_decide_approval(actor=supervisor, approval=approval, approve=True)
    # then nothing is scheduled on it
    assert stored(enrolled) == set()
    # when it is reopened, it is scheduled again
    with at(date(2026, 5, 1)):
        enrolled.refresh_from_db()
        do_transition_case(actor=manager, case=enrolled, to="intake", expected_version=enrolled.version)
    assert codes(enrolled)
    assert stored() == live()


def test_changing_the_intake_date_moves_every_code(personas, enrolled):
    # when the intake date is corrected to a month earlier
    enrolled.refresh_from_db()
    do_update_case(
        actor=personas["case_manager"],
        case=enrolled,
        expected_version=enrolled.version,
        changes={"intake_on": INTAKE - timedelta(days=31)},
    )
    # then every code is due at the new intake date
    assert set(codes(enrolled).values()) == {INTAKE - timedelta(days=31)}
    assert stored() == live()


def test_a_saved_plan_and_a_switched_off_plan_rewrite_the_agency_rows(personas, agency, enrolled):
    admin = personas["agency_admin"]
    with at(INTAKE + timedelta(days=1)):
        do_record_assessment(actor=personas["case_manager"], case=enrolled, instrument_code="brs", answers=[3] * 6)
    # when the agency reassesses BRS at three months (then every six)
    plan = do_set_assessment_plan(
        actor=admin,
        agency=agency,
        code="brs",
        first_months=[0, 3],
        then_every_months=6,
        active_plan_every_months=None,
        active=True,
        expected_version=0,
    )
    assert codes(enrolled)["brs"] == date(2026, 4, 30)
    # when it switches BRS off
    do_set_assessment_plan(
        actor=admin,
        agency=agency,
        code="brs",
        first_months=[0, 3],
        then_every_months=6,
        active_plan_every_months=None,
        active=False,
        expected_version=plan.version,
    )
    assert "brs" not in codes(enrolled)
    assert stored() == live()


def test_withdrawing_and_offering_an_instrument_again(personas, enrolled):
    pcl5 = Instrument.objects.get(agency__isnull=True, code="pcl5")
    # when the shipped PCL-5 is withdrawn
    do_set_instrument_offered(actor=None, instrument=pcl5, active=False)
    assert "pcl5" not in codes(enrolled)
    # when it is offered again
    do_set_instrument_offered(actor=None, instrument=pcl5, active=True)
    assert codes(enrolled)["pcl5"] == INTAKE
    assert stored() == live()


def test_another_agency_plan_leaves_these_rows_alone(personas, other_agency, enrolled):
    before = stored(enrolled)
    do_set_assessment_plan(
        actor=personas["other_agency_admin"],
        agency=other_agency,
        code="phq9",
        first_months=[0],
        then_every_months=None,
        active_plan_every_months=None,
        active=False,
        expected_version=0,
    )
    assert stored(enrolled) == before


# --- safety nets: the reminder job and the backfill migration ---------------------------------------------


def test_the_reminder_job_rebuilds_stale_rows(enrolled):
    # given rows made stale by a write that bypassed the actions
    ReassessmentDue.objects.filter(case=enrolled, instrument_code="gad7").update(due_on=date(2030, 1, 1))
    ReassessmentDue.objects.filter(case=enrolled, instrument_code="brs").delete()
    assert stored() != live()
    # when the periodic job runs
    recorded = record_overdue_reminders(today=INTAKE + timedelta(days=20))
    # then the rows are the live computation's again, and every code was reminded
    assert stored() == live()
    assert recorded == len(SHIPPED)


def test_the_backfill_migration_fills_what_the_actions_would(personas, agency, team, enrolled):
    for n in range(3):
        person = do_create_survivor(actor=None, agency=agency, reference=f"B-{n}", team=team)
        case = enrol(personas["case_manager"], person)
        with at(INTAKE + timedelta(days=n + 1)):
            do_record_assessment(actor=personas["case_manager"], case=case, instrument_code="gad7", answers=[0] * 7)
    expected = stored()
    ReassessmentDue.objects.filter(case=enrolled).delete()  # one case not yet filled, the others already
    migration = importlib.import_module("reclaim.assessments.migrations.0009_backfill_reassessment_due")
    # when the migration's step runs (twice: it is idempotent)
    migration.backfill(django_apps, None)
    migration.backfill(django_apps, None)
    # then every case has the rows the actions wrote
    assert stored() == expected == live()


def test_refresh_agency_writes_nothing_for_a_closed_case(personas, enrolled):
    Case.objects.filter(pk=enrolled.pk).update(status="closed", closed_at=enrolled.created_at, close_reason="goals_met")
    refresh_agency(enrolled.agency_id)
    assert stored(enrolled) == set()


def test_the_refresh_lock_leaves_rows_pointing_at_the_case_free_on_postgresql(personas, enrolled):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: its writers queue on the database")
    with CaptureQueriesContext(connection) as queries:
        refresh_due([enrolled.pk])
    locks = [q["sql"] for q in queries.captured_queries if " FOR " in q["sql"]]
    # FOR UPDATE would conflict with the key share lock of an insert that points at the case (a deadlock
    # with a transaction adding notes or services to the same cases)
    assert locks
    assert all(sql.endswith("FOR NO KEY UPDATE") for sql in locks), locks


# --- readers ------------------------------------------------------------------------------------------


def test_the_due_page_counts_all_and_pages_through_them(
    personas, agency, team, enrolled, monkeypatch, django_assert_max_num_queries
):
    # given two cases with five codes each overdue, and three rows a page
    person = do_create_survivor(actor=None, agency=agency, reference="P-1", team=team)
    enrol(personas["case_manager"], person)
    monkeypatch.setattr(schedule_selectors, "DUE_PAGE_SIZE", 3)
    url = reverse("assessments:due")
    # when the supervisor opens the page
    with at(INTAKE + timedelta(days=20)):
        client = login_client(personas["supervisor"])
        client.get(url)
        with django_assert_max_num_queries(30) as first_read:
            response = client.get(url)
        everything = due_assessments(personas["supervisor"], today=INTAKE + timedelta(days=20))
        # then it says ten in all, lists three, in the live order, and links to the next page
        assert response.status_code == 200
        assert response.context["total"] == 10
        assert response.context["overdue_total"] == 10
        assert response.context["items"] == everything[:3]
        assert 'href="?page=2" rel="next"' in response.content.decode()
        # and the last page holds the tenth, at the same cost
        with django_assert_max_num_queries(30) as last_read:
            last = client.get(url + "?page=4")
        assert last.context["items"] == everything[9:]
        assert len(last_read.captured_queries) == len(first_read.captured_queries)
        # and the overdue-only list keeps its filter from page to page
        overdue = client.get(url + "?overdue=1")
        assert 'href="?overdue=1&page=2" rel="next"' in overdue.content.decode()
        # and a page past the end is the last one
        assert client.get(url + "?page=99").context["items"] == everything[9:]


# --- property: any sequence of actions keeps the rows equal to the live computation ------------------------

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("assess"), st.sampled_from(sorted(ANSWERS)), st.integers(0, 400)),
        st.tuples(st.just("rate"), st.just(""), st.integers(0, 400)),
        st.tuples(
            st.just("move"),
            st.sampled_from(["stabilization", "assessment", "active_plan", "reintegration"]),
            st.integers(0, 400),
        ),
        st.tuples(st.just("intake"), st.just(""), st.integers(-200, 200)),
        st.tuples(st.just("close"), st.just(""), st.integers(0, 400)),
        st.tuples(st.just("reopen"), st.just(""), st.integers(0, 400)),
        st.tuples(st.just("plan"), st.sampled_from(["phq9", "gad7", "pcl5", "brs", "outcomes"]), st.integers(0, 3)),
        st.tuples(st.just("offer"), st.sampled_from(["pcl5", "brs"]), st.integers(0, 1)),
    ),
    min_size=1,
    max_size=8,
)
PLANS = [([0], None, None), ([0, 3], 6, None), ([0, 1, 2], 12, 1), ([2], None, None)]


@pytest.mark.django_db
def test_any_sequence_of_actions_keeps_the_stored_dates_equal_to_the_live_ones(personas, agency, team):
    manager, supervisor, admin = personas["case_manager"], personas["supervisor"], personas["agency_admin"]
    made = iter(range(10_000))

    @settings(
        max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(steps=STEPS)
    def run(steps):
        # given a fresh case in intake (the cases of earlier examples stay, and must stay right too)
        person = do_create_survivor(actor=None, agency=agency, reference=f"H-{next(made)}", team=team)
        case = enrol(manager, person)
        day = INTAKE
        for kind, what, n in steps:
            case.refresh_from_db()
            day = max(day, INTAKE) + timedelta(days=n if kind not in {"intake", "plan", "offer"} else 1)
            with at(day):
                _apply(kind, what, n, case=case, day=day, manager=manager, supervisor=supervisor, admin=admin)
            # then after every step the rows are what the live computation gives
            assert stored() == live()
        # and the due list read from them is the live one, on a few days
        for today in (day, day + timedelta(days=30), day + timedelta(days=200)):
            expected = live_due_list(today)
            found = schedule_selectors.due_in(Case.objects.all(), agency_ids=[agency.pk], today=today)
            assert {(i.case_id, i.code, i.due_on, i.overdue, i.name) for i in found} == {
                (i.case_id, i.code, i.due_on, i.overdue, i.name) for i in expected
            }
            keys = [(not i.overdue, i.due_on, i.case_number, i.name) for i in found]
            assert keys == sorted(keys)

    run()


def _apply(kind, what, n, *, case, day, manager, supervisor, admin):
    from reclaim.assessments.schedule_selectors import plan_for_code
    from reclaim.cases.state import targets
    from reclaim.core.errors import DomainError

    try:
        if kind == "assess" and case.status != "closed":
            do_record_assessment(actor=manager, case=case, instrument_code=what, answers=ANSWERS[what])
        elif kind == "rate" and case.status != "closed":
            do_rate_outcomes(actor=manager, case=case, scores={"income": 2})
        elif kind == "move" and what in targets(case.status):
            do_transition_case(actor=manager, case=case, to=what, expected_version=case.version)
        elif kind == "intake":
            do_update_case(
                actor=manager,
                case=case,
                expected_version=case.version,
                changes={"intake_on": INTAKE + timedelta(days=n)},
            )
        elif kind == "close" and "closed" in targets(case.status):
            approval = do_request_approval(actor=manager, case=case, kind="close", close_reason="goals_met")
            do_decide_approval(actor=supervisor, approval=approval, approve=True)
        elif kind == "reopen" and case.status == "closed":
            do_transition_case(actor=manager, case=case, to="intake", expected_version=case.version)
        elif kind == "plan":
            first, then, active_every = PLANS[n]
            view = plan_for_code(case.agency_id, what)
            if view is None:  # a withdrawn instrument has no plan to change
                return
            do_set_assessment_plan(
                actor=admin,
                agency=case.agency,
                code=what,
                first_months=first,
                then_every_months=then,
                active_plan_every_months=active_every,
                active=n != 3 or what != "outcomes",
                expected_version=view.version,
            )
        elif kind == "offer":
            instrument = Instrument.objects.get(agency__isnull=True, code=what)
            do_set_instrument_offered(actor=None, instrument=instrument, active=bool(n))
    except DomainError:
        pass  # a move the rules refuse changes nothing, and the rows must still be right
