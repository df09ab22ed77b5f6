"""Plan actions: starting a plan from the case's suggestions, goals validated against the agency's domains and
the taxonomy, conflicts, progress notes, steps, planned services, and timeline events that carry no text."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reclaim.assessments.outcome_actions import do_rate_outcomes
from reclaim.assessments.tests.conftest import every
from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.errors import DomainError, EditConflict
from reclaim.plans import selectors
from reclaim.plans.actions import (
    GoalData,
    PlanInputInvalid,
    TaskData,
    do_add_goal,
    do_add_planned_service,
    do_add_progress_note,
    do_add_task,
    do_complete_task,
    do_create_plan,
    do_update_goal,
)
from reclaim.plans.models import Goal, GoalProgressNote, Plan, PlannedService, Task, TaskStatus

pytestmark = pytest.mark.django_db


def test_suggestions_come_from_open_needs_and_low_domains_and_nothing_is_created(personas, case):
    # given a rating with housing low (1) and the rest high (4); every immediate need is still open
    do_rate_outcomes(
        actor=personas["case_manager"],
        case=case,
        scores={**every(4), "stable_home": 1, "safe_home": 2, "affordable_home": 1},
    )
    # when the suggestions are read
    suggestions = selectors.goal_suggestions(case)
    # then every open need and the low domain are suggested, and nothing was written
    keys = [s.key for s in suggestions]
    assert "need:safety" in keys
    assert "domain:housing" in keys
    assert not any(k.startswith("domain:") and k != "domain:housing" for k in keys)
    housing = next(s for s in suggestions if s.key == "domain:housing")
    assert housing.service_category == "housing_shelter"
    assert not Plan.objects.exists()
    assert not Goal.objects.exists()


def test_create_plan_with_goals_sets_the_first_review_and_records_ids_only(personas, case):
    # when the plan is started with a goal
    plan = do_create_plan(
        actor=personas["case_manager"], case=case, goals=[GoalData(staff_wording="Safe housing", domain="housing")]
    )
    # then it has the goal, the first review after 90 days, and the timeline holds no wording
    assert plan.next_review_on == timezone.localdate() + datetime.timedelta(days=90)
    assert plan.goals.get().domain == "housing"
    events = CaseEvent.objects.filter(case=case, type__in=[EventType.PLAN_CREATED, EventType.GOAL_ADDED])
    assert events.count() == 2
    assert "Safe housing" not in repr(list(events.values_list("parameters", flat=True)))


def test_a_case_has_one_plan(personas, case, plan):
    with pytest.raises(DomainError) as info:
        do_create_plan(actor=personas["case_manager"], case=case)
    assert info.value.code == "plans.exists"


def test_bad_goal_values_are_refused_and_nothing_is_saved(personas, case):
    # when a plan is started with one good goal and one with an unknown domain and category
    with pytest.raises(PlanInputInvalid) as info:
        do_create_plan(
            actor=personas["case_manager"],
            case=case,
            goals=[
                GoalData(staff_wording="Fine"),
                GoalData(staff_wording=" ", domain="astrology", service_category="nope", survivor_language="Spanish!"),
            ],
        )
    # then each bad field is named and nothing was written
    assert set(info.value.fields) == {
        "goals.1.staff_wording",
        "goals.1.domain",
        "goals.1.service_category",
        "goals.1.survivor_language",
    }
    assert not Plan.objects.exists()
    assert not Goal.objects.exists()


def test_a_stale_goal_edit_is_a_conflict_carrying_the_saved_values(personas, plan):
    goal = plan.goals.order_by("position").first()
    do_update_goal(
        actor=personas["clinician"], goal=goal, expected_version=1, data=GoalData(staff_wording="Find a flat")
    )
    with pytest.raises(EditConflict) as info:
        do_update_goal(
            actor=personas["case_manager"], goal=goal, expected_version=1, data=GoalData(staff_wording="Other")
        )
    assert info.value.current["staff_wording"] == "Find a flat"
    goal.refresh_from_db()
    assert (goal.staff_wording, goal.version) == ("Find a flat", 2)


def test_a_progress_note_can_move_the_goal_status(personas, plan):
    goal = plan.goals.order_by("position").first()
    note = do_add_progress_note(
        actor=personas["case_manager"], goal=goal, text="Viewed two flats", new_status="in_progress"
    )
    goal.refresh_from_db()
    assert goal.status == "in_progress"
    assert (note.status_from, note.status_to) == ("not_started", "in_progress")
    event = CaseEvent.objects.get(type=EventType.GOAL_PROGRESS)
    assert event.parameters["note_id"] == str(note.pk)
    assert "flats" not in repr(event.parameters)


def test_an_empty_progress_note_is_refused(personas, plan):
    goal = plan.goals.first()
    with pytest.raises(PlanInputInvalid) as info:
        do_add_progress_note(actor=personas["case_manager"], goal=goal, text="  ")
    assert "text" in info.value.fields
    assert not GoalProgressNote.objects.exists()


def test_steps_have_an_owner_from_the_agency_or_the_survivor(personas, case, plan):
    goal = plan.goals.first()
    with pytest.raises(PlanInputInvalid) as info:
        do_add_task(
            actor=personas["case_manager"],
            case=case,
            goal=goal,
            data=TaskData(title="Call", owner=personas["other_agency_user"]),
        )
    assert "owner" in info.value.fields
    with pytest.raises(PlanInputInvalid):
        do_add_task(actor=personas["case_manager"], case=case, data=TaskData(title="Call", owner=personas["volunteer"]))
    task = do_add_task(
        actor=personas["case_manager"], case=case, data=TaskData(title="Bring ID", owned_by_survivor=True)
    )
    assert task.goal_id is None and task.owned_by_survivor


def test_marking_a_step_done_stamps_who_and_when(personas, plan):
    task = Task.objects.get()
    task = do_complete_task(actor=personas["clinician"], task=task, expected_version=task.version)
    assert task.status == TaskStatus.DONE
    assert task.completed_by == personas["clinician"]
    assert task.completed_at is not None
    assert CaseEvent.objects.filter(type=EventType.TASK_UPDATED, parameters__status="done").exists()


def test_planned_services_use_taxonomy_codes(personas, plan):
    goal = plan.goals.first()
    item = do_add_planned_service(
        actor=personas["case_manager"], goal=goal, service_type="housing_shelter.emergency", planned_count=1
    )
    assert item.service_category == "housing_shelter"
    with pytest.raises(PlanInputInvalid) as info:
        do_add_planned_service(actor=personas["case_manager"], goal=goal, service_type="housing_shelter.castle")
    assert "service_type" in info.value.fields
    with pytest.raises(PlanInputInvalid):
        do_add_planned_service(actor=personas["case_manager"], goal=goal)
    assert PlannedService.objects.count() == 1


def test_goals_added_later_go_last(personas, plan):
    goal = do_add_goal(actor=personas["case_manager"], plan=plan, data=GoalData(staff_wording="See a doctor"))
    assert goal.position == 2
