"""DELETE …/plan/goals/{goal_id}/planned-services/{item_id}: the goal page's "Remove" through the API."""

from __future__ import annotations

import pytest

from reclaim.cases.actions import do_open_case
from reclaim.plans.actions import GoalData, do_add_goal, do_add_planned_service, do_create_plan
from reclaim.plans.models import PlannedService


@pytest.fixture
def planned(personas, survivor_a):
    """A case's plan with one goal and one planned service, set up by the case manager."""
    manager = personas["case_manager"]
    case = do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team)
    plan = do_create_plan(actor=manager, case=case, goals=[GoalData(staff_wording="Somewhere safe to live")])
    goal = plan.goals.get()
    item = do_add_planned_service(actor=manager, goal=goal, service_category="housing_shelter")
    return case, goal, item


def _url(case, goal, item_id):
    return f"/api/v1/cases/{case.pk}/plan/goals/{goal.pk}/planned-services/{item_id}"


def test_remove_a_planned_service(planned, client_as):
    case, goal, item = planned
    client = client_as("case_manager")
    # when the case manager removes it
    response = client.delete(_url(case, goal, item.pk))
    # then it is gone from the goal and from the plan the API returns, and the timeline says the goal changed
    assert response.status_code == 204
    assert not PlannedService.objects.filter(pk=item.pk).exists()
    plan = client.get(f"/api/v1/cases/{case.pk}/plan").json()
    assert plan["goals"][0]["planned_services"] == []
    timeline = client.get(f"/api/v1/cases/{case.pk}/timeline").json()["items"]
    assert timeline[0]["type"] == "goal_updated"
    # and removing it again is 404
    assert client.delete(_url(case, goal, item.pk)).status_code == 404


def test_an_item_of_another_goal_or_a_bad_id_is_404_and_nothing_is_removed(planned, personas, client_as):
    case, goal, item = planned
    second = do_add_goal(actor=personas["case_manager"], plan=goal.plan, data=GoalData(staff_wording="Work"))
    client = client_as("case_manager")
    assert client.delete(_url(case, second, item.pk)).status_code == 404
    assert client.delete(_url(case, goal, "not-a-uuid")).status_code == 404
    assert PlannedService.objects.filter(pk=item.pk).exists()


def test_readers_get_403_other_agencies_404(planned, client_as):
    case, goal, item = planned
    assert client_as("program_director").delete(_url(case, goal, item.pk)).status_code == 403
    assert client_as("analyst").delete(_url(case, goal, item.pk)).status_code == 403
    assert client_as("other_agency_user").delete(_url(case, goal, item.pk)).status_code == 404
    assert PlannedService.objects.filter(pk=item.pk).exists()
