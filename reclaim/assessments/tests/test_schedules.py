"""Reassessment schedules: per-agency plans, the due list and its scoping, the reminder job, pages and API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.assessments.actions import do_record_assessment
from reclaim.assessments.models import AssessmentPlan, AssessmentReminder
from reclaim.assessments.outcome_actions import do_rate_outcomes
from reclaim.assessments.schedule_actions import InvalidPlan, do_set_assessment_plan, record_overdue_reminders
from reclaim.assessments.schedule_selectors import due_assessments, due_for_case, overdue_count, plans_for_agency
from reclaim.assessments.selectors import assessments_for_case, instruments_for_agency
from reclaim.cases.actions import do_open_case, do_transition_case
from reclaim.cases.models import EVENT_CATEGORIES, CaseAssignment, CaseEvent, EventType, TimelineCategory
from reclaim.cases.tests.follow_up_helpers import at
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_create_survivor

INTAKE = date(2026, 1, 31)
SHIPPED = {"phq9", "gad7", "pcl5", "brs", "outcomes"}


def enrol(actor, survivor, *, on=INTAKE, workers=()):
    """Open a case and take it to intake on `on` (the intake date every plan counts from)."""
    with at(on):
        case = do_open_case(actor=actor, survivor=survivor, team=survivor.team)
        case = do_transition_case(
            actor=actor, case=case, to="intake", expected_version=case.version, services_consent_on=on
        )
    for worker in workers:
        CaseAssignment.objects.get_or_create(agency_id=case.agency_id, case=case, user=worker)
    return case


@pytest.fixture
def enrolled(personas, survivor_a):
    return enrol(personas["case_manager"], survivor_a, workers=[personas["clinician"]])


def by_code(items, case=None):
    return {i.code: i for i in items if case is None or i.case_id == case.pk}


# --- due dates -----------------------------------------------------------------------------------


def test_everything_is_due_at_intake_and_overdue_after_the_grace_period(personas, enrolled):
    manager = personas["case_manager"]
    soon = by_code(due_assessments(manager, today=INTAKE + timedelta(days=5)))
    assert set(soon) == SHIPPED
    assert {(i.due_on, i.overdue) for i in soon.values()} == {(INTAKE, False)}
    late = by_code(due_assessments(manager, today=INTAKE + timedelta(days=15)))
    assert all(i.overdue for i in late.values())
    assert due_assessments(manager, overdue_only=True, today=INTAKE + timedelta(days=14)) == []


def test_an_assessment_moves_its_instrument_to_six_months_and_a_rating_moves_outcomes(personas, enrolled):
    manager = personas["case_manager"]
    with at(INTAKE + timedelta(days=3)):
        do_record_assessment(actor=manager, case=enrolled, instrument_code="phq9", answers=[0] * 9)
        do_rate_outcomes(actor=manager, case=enrolled, scores={"income": 2})
    items = by_code(due_assessments(manager, today=INTAKE + timedelta(days=20)))
    assert "phq9" not in items  # next due 31 July: outside the two-week window
    assert "outcomes" not in items
    assert items["gad7"].overdue
    assert by_code(due_assessments(manager, today=date(2026, 7, 25)))["phq9"].due_on == date(2026, 7, 31)


def test_phq9_is_monthly_while_the_case_is_in_its_active_plan(personas, enrolled):
    manager = personas["case_manager"]
    with at(INTAKE + timedelta(days=2)):
        do_record_assessment(actor=manager, case=enrolled, instrument_code="phq9", answers=[0] * 9)
        do_record_assessment(actor=manager, case=enrolled, instrument_code="pcl5", answers=[0] * 20)
    with at(date(2026, 3, 10)):
        enrolled.refresh_from_db()
        do_transition_case(actor=manager, case=enrolled, to="active_plan", expected_version=enrolled.version)
    # counted from the move into the active plan (the latest "status_changed" event), not from intake
    assert by_code(due_assessments(manager, today=date(2026, 3, 30)))["phq9"].due_on == date(2026, 4, 10)
    with at(date(2026, 4, 8)):
        do_record_assessment(actor=manager, case=enrolled, instrument_code="phq9", answers=[0] * 9)
    items = by_code(due_assessments(manager, today=date(2026, 4, 30)))
    assert items["phq9"].due_on == date(2026, 5, 8)  # a month after the last one
    assert "pcl5" not in items  # no active-plan rhythm: next at six months


# --- per-agency plans ---------------------------------------------------------------------------


def test_defaults_until_an_agency_saves_its_own_plan(personas, agency):
    views = {v.code: v for v in plans_for_agency(agency.pk)}
    assert set(views) == SHIPPED
    assert views["phq9"].active_plan_every_months == 1
    assert (views["brs"].first_months, views["brs"].then_every_months, views["brs"].version) == ((0, 6), 12, 0)
    plan = do_set_assessment_plan(
        actor=personas["agency_admin"],
        agency=agency,
        code="brs",
        first_months=[0, 3],
        then_every_months=6,
        active_plan_every_months=None,
        active=True,
        expected_version=0,
    )
    assert (plan.first_months, plan.version) == ([0, 3], 1)
    assert {v.code: v for v in plans_for_agency(agency.pk)}["brs"].is_default is False
    audit = AuditEvent.objects.filter(action="assessments.plan_changed").latest("id")
    assert audit.detail["instrument"] == "brs"


@pytest.mark.parametrize(
    ("first", "then", "field"),
    [
        ([], 12, "first_months"),
        ([6, 0], 12, "first_months"),
        ([0, 0], 12, "first_months"),
        ([-1], 12, "first_months"),
        ([0, 121], 12, "first_months"),
        ([0, 6], 0, "then_every_months"),
        ([0, 6], 61, "then_every_months"),
    ],
)
def test_a_nonsense_plan_is_refused_with_a_field_error_and_nothing_saved(personas, agency, first, then, field):
    with pytest.raises(InvalidPlan) as refused:
        do_set_assessment_plan(
            actor=personas["agency_admin"],
            agency=agency,
            code="gad7",
            first_months=first,
            then_every_months=then,
            active_plan_every_months=None,
            active=True,
            expected_version=0,
        )
    assert field in refused.value.fields
    assert not AssessmentPlan.objects.exists()


def test_unknown_codes_and_stale_versions_are_refused(personas, agency):
    admin = personas["agency_admin"]
    with pytest.raises(DomainError, match="no instrument"):
        do_set_assessment_plan(
            actor=admin,
            agency=agency,
            code="nope",
            first_months=[0],
            then_every_months=None,
            active_plan_every_months=None,
            active=True,
            expected_version=0,
        )
    do_set_assessment_plan(
        actor=admin,
        agency=agency,
        code="phq9",
        first_months=[0],
        then_every_months=12,
        active_plan_every_months=None,
        active=True,
        expected_version=0,
    )
    with pytest.raises(EditConflict):
        do_set_assessment_plan(
            actor=admin,
            agency=agency,
            code="phq9",
            first_months=[0, 1],
            then_every_months=12,
            active_plan_every_months=None,
            active=True,
            expected_version=0,
        )
    assert AssessmentPlan.objects.get().first_months == [0]


def test_a_switched_off_plan_drops_out_of_the_due_list(personas, agency, enrolled):
    do_set_assessment_plan(
        actor=personas["program_director"],
        agency=agency,
        code="pcl5",
        first_months=[0, 6],
        then_every_months=12,
        active_plan_every_months=None,
        active=False,
        expected_version=0,
    )
    assert "pcl5" not in by_code(due_assessments(personas["case_manager"], today=INTAKE))


def test_another_agency_plan_changes_nothing_here(personas, other_agency, enrolled):
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
    assert "phq9" in by_code(due_assessments(personas["case_manager"], today=INTAKE))


# --- scoping ------------------------------------------------------------------------------------


def test_scope_follows_the_caseload_and_never_crosses_agencies(personas, agency, team, enrolled, survivor_b):
    # a second case in the same team, opened by the supervisor and not assigned to the case manager
    other_person = do_create_survivor(actor=None, agency=agency, reference="A-2", team=team)
    team_case = enrol(personas["supervisor"], other_person)
    foreign = enrol(personas["other_agency_user"], survivor_b)
    day = INTAKE + timedelta(days=1)
    assert {i.case_id for i in due_assessments(personas["case_manager"], today=day)} == {enrolled.pk}
    assert {i.case_id for i in due_assessments(personas["supervisor"], today=day)} == {enrolled.pk, team_case.pk}
    assert {i.case_id for i in due_assessments(personas["program_director"], today=day)} == {enrolled.pk, team_case.pk}
    assert {i.case_id for i in due_assessments(personas["other_agency_user"], today=day)} == {foreign.pk}
    for persona in ("legal_advocate", "agency_admin", "analyst", "volunteer", "platform_operator"):
        assert due_assessments(personas[persona], today=day) == [], persona


def test_closed_and_identified_cases_are_not_scheduled(personas, agency, team):
    person = do_create_survivor(actor=None, agency=agency, reference="A-3", team=team)
    with at(INTAKE):
        do_open_case(actor=personas["case_manager"], survivor=person, team=team)  # identified only
    assert due_assessments(personas["case_manager"], today=INTAKE + timedelta(days=60)) == []


def test_the_due_list_costs_the_same_queries_for_two_cases_or_twelve(personas, agency, team, assert_max_queries):
    def add(n):
        for i in range(n):
            person = do_create_survivor(actor=None, agency=agency, reference=f"Q-{n}-{i}", team=team)
            case = enrol(personas["supervisor"], person)
            with at(INTAKE + timedelta(days=1)):
                do_record_assessment(actor=personas["supervisor"], case=case, instrument_code="gad7", answers=[0] * 7)

    add(2)
    director = personas["program_director"]
    due_assessments(director, today=INTAKE)  # the membership is cached on the user after this
    with assert_max_queries(4) as few:
        assert len(due_assessments(director, today=INTAKE + timedelta(days=20))) == 2 * 4
    add(10)
    with assert_max_queries(len(few.captured_queries)):
        assert len(due_assessments(director, today=INTAKE + timedelta(days=20))) == 12 * 4


# --- reminders ----------------------------------------------------------------------------------


def test_the_reminder_job_records_each_overdue_item_once(personas, enrolled, settings):
    day = INTAKE + timedelta(days=20)
    assert record_overdue_reminders(today=day) == len(SHIPPED)
    assert record_overdue_reminders(today=day) == 0
    assert record_overdue_reminders(today=day + timedelta(days=1)) == 0
    events = CaseEvent.objects.filter(case=enrolled, type=EventType.ASSESSMENT_OVERDUE)
    assert events.count() == len(SHIPPED)
    assert {e.parameters["instrument"] for e in events} == SHIPPED
    for event in events:  # codes and a date only, never a name
        assert set(event.parameters) == {"instrument", "due_on"}
        assert "Marisol" not in str(event.parameters)
    assert EVENT_CATEGORIES[EventType.ASSESSMENT_OVERDUE] == TimelineCategory.ASSESSMENTS
    assert AssessmentReminder.objects.count() == len(SHIPPED)
    assert ("remind_overdue_assessments", 3600, "reclaim.assessments.tasks.remind_overdue_assessments") in (
        settings.RECLAIM_PERIODIC_JOBS
    )


def test_nothing_is_reminded_before_the_grace_period_ends(enrolled):
    assert record_overdue_reminders(today=INTAKE + timedelta(days=14)) == 0


def test_the_home_count_drops_when_the_assessment_is_taken(personas, enrolled):
    manager = personas["case_manager"]
    record_overdue_reminders(today=INTAKE + timedelta(days=20))
    assert overdue_count(manager) == len(SHIPPED)
    assert overdue_count(personas["supervisor"]) == len(SHIPPED)
    assert overdue_count(personas["other_agency_user"]) == 0
    assert overdue_count(personas["legal_advocate"]) == 0
    with at(INTAKE + timedelta(days=21)):
        do_record_assessment(actor=manager, case=enrolled, instrument_code="phq9", answers=[0] * 9)
    assert overdue_count(manager) == len(SHIPPED) - 1


# --- pages --------------------------------------------------------------------------------------


def test_the_due_page_lists_overdue_first_by_case_number_only(personas, enrolled):
    with at(INTAKE + timedelta(days=20)):
        response = login_client(personas["supervisor"]).get(reverse("assessments:due"))
    page = response.content.decode()
    assert response.status_code == 200
    assert enrolled.number in page
    assert "Overdue" in page
    assert "Marisol" not in page and "Quintanilla" not in page


def test_the_case_tab_shows_due_next_with_an_overdue_badge(personas, enrolled):
    url = reverse("assessments:case_assessments", args=[enrolled.pk])
    with at(INTAKE + timedelta(days=3)):
        response = login_client(personas["case_manager"]).get(url)
    assert "Due next" in response.content.decode()
    assert "status--danger" not in response.content.decode()
    with at(INTAKE + timedelta(days=20)):  # a new sign-in: the idle timeout ended the first session
        response = login_client(personas["case_manager"]).get(url)
    assert response.content.decode().count("status--danger") == len(SHIPPED)
    assert len(response.context["due"]) == len(SHIPPED)


def test_due_next_on_the_tab_costs_two_queries(personas, enrolled, assert_max_queries):
    manager = personas["case_manager"]
    with at(INTAKE + timedelta(days=3)):
        do_record_assessment(actor=manager, case=enrolled, instrument_code="phq9", answers=[0] * 9)
    rows = list(assessments_for_case(manager, enrolled))
    instruments = list(instruments_for_agency(enrolled.agency_id))
    with assert_max_queries(2):
        due = by_code(due_for_case(enrolled, rows, instruments, today=INTAKE + timedelta(days=20)))
    assert due["phq9"].due_on == date(2026, 7, 31)
    assert due["gad7"].overdue


def test_the_plan_page_saves_refuses_nonsense_and_shows_a_conflict(personas, agency):
    client = login_client(personas["agency_admin"])
    url = reverse("assessments:plan_edit", args=["gad7"])
    bad = client.post(url, {"version": 0, "active": "on", "first_months": "6, 0", "then_every_months": 12})
    assert bad.status_code == 200
    assert "increasing order" in bad.content.decode()
    assert not AssessmentPlan.objects.exists()
    ok = client.post(url, {"version": 0, "active": "on", "first_months": "0, 3", "then_every_months": 12})
    assert ok.status_code == 302
    assert AssessmentPlan.objects.get(instrument_code="gad7").first_months == [0, 3]
    stale = client.post(url, {"version": 0, "active": "on", "first_months": "0", "then_every_months": 6})
    assert "Someone else changed this plan" in stale.content.decode()
    assert AssessmentPlan.objects.get(instrument_code="gad7").first_months == [0, 3]
    listing = client.get(reverse("assessments:plans")).content.decode()
    assert "0, 3" in listing
    assert client.get(reverse("assessments:plan_edit", args=["nope"])).status_code == 404


def test_the_home_panel_shows_the_overdue_count_and_links_to_the_list(personas, enrolled):
    record_overdue_reminders(today=INTAKE + timedelta(days=20))
    page = login_client(personas["case_manager"]).get(reverse("home")).content.decode()
    assert "5 reassessments are overdue" in page
    assert reverse("assessments:due") in page
    assert "Reassessments" not in login_client(personas["legal_advocate"]).get(reverse("home")).content.decode()


# --- API ----------------------------------------------------------------------------------------


def test_api_due_list_is_scoped_and_filters_overdue(personas, enrolled, survivor_b):
    enrol(personas["other_agency_user"], survivor_b)
    with at(INTAKE + timedelta(days=20)):
        body = login_client(personas["case_manager"]).get("/api/v1/assessments/due?overdue_only=true").json()["items"]
        assert {row["case_number"] for row in body} == {enrolled.number}
        assert {row["instrument"] for row in body} == SHIPPED
        assert all(row["overdue"] for row in body)
        assert "Marisol" not in str(body)
        forbidden = login_client(personas["legal_advocate"]).get("/api/v1/assessments/due")
    assert forbidden.status_code == 403


def test_api_plans_get_and_put(personas, agency):
    client = login_client(personas["program_director"])
    plans = {p["instrument"]: p for p in client.get("/api/v1/assessment-plans").json()}
    assert plans["phq9"]["version"] == 0
    assert plans["phq9"]["is_default"] is True
    put = client.put(
        "/api/v1/assessment-plans/phq9",
        {"first_months": [0, 3], "then_every_months": 6, "active_plan_every_months": 1, "version": 0},
        content_type="application/json",
    )
    assert put.status_code == 200
    assert put.json()["first_months"] == [0, 3]
    assert put.json()["version"] == 1
    bad = client.put(
        "/api/v1/assessment-plans/phq9",
        {"first_months": [3, 0], "version": 1},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "first_months" in bad.json()["fields"]
    missing = client.put(
        "/api/v1/assessment-plans/nope", {"first_months": [0], "version": 0}, content_type="application/json"
    )
    assert missing.status_code == 404
    assert AssessmentPlan.objects.get().first_months == [0, 3]
    denied = login_client(personas["case_manager"]).get("/api/v1/assessment-plans")
    assert denied.status_code == 403
