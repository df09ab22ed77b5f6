"""Plans API: happy path, 422 on values the agency does not offer, 409 on stale versions, 404 across agencies."""

from __future__ import annotations

import pytest

from conftest import login_client
from reclaim.plans.actions import GoalData, do_update_goal
from reclaim.plans.models import Goal, GoalProgressNote, Plan, Task

pytestmark = pytest.mark.django_db


def _url(case, tail: str = "") -> str:
    return f"/api/v1/cases/{case.pk}/plan{tail}"


def test_start_a_plan_add_goal_step_progress_review(personas, case):
    client = login_client(personas["case_manager"])
    # when a plan is started with a goal
    response = client.post(
        _url(case),
        {"goals": [{"staff_wording": "Stay safe", "domain": "safety", "service_category": "crisis_intervention"}]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["goals"][0]["domain"] == "safety"
    # and a goal, a step, a planned service and a progress note are added
    goal = client.post(
        _url(case, "/goals"),
        {"staff_wording": "Learn English", "survivor_words": "Aprender inglés", "survivor_language": "es"},
        content_type="application/json",
    ).json()
    step = client.post(
        _url(case, "/tasks"),
        {"title": "Enrol at the college", "goal_id": goal["id"], "owner_id": str(personas["clinician"].pk)},
        content_type="application/json",
    )
    assert step.status_code == 201, step.content
    planned = client.post(
        _url(case, f"/goals/{goal['id']}/planned-services"),
        {"service_type": "education.esl", "frequency": "weekly"},
        content_type="application/json",
    )
    assert planned.status_code == 201, planned.content
    note = client.post(
        _url(case, f"/goals/{goal['id']}/progress"),
        {"text": "Placement test booked", "new_status": "in_progress"},
        content_type="application/json",
    )
    assert note.status_code == 201
    # then reading the plan shows them all
    read = client.get(_url(case)).json()
    second = next(g for g in read["goals"] if g["id"] == goal["id"])
    assert second["status"] == "in_progress"
    assert second["survivor_words"] == "Aprender inglés"
    assert second["tasks"][0]["owner_id"] == str(personas["clinician"].pk)
    assert second["planned_services"][0]["service_category"] == "education"
    assert second["delivered"] == {"count": 0, "minutes": 0, "last_on": None}
    # and a review keeps version 1
    review = client.post(_url(case, "/reviews"), {"version": read["version"]}, content_type="application/json")
    assert review.status_code == 201
    assert review.json()["number"] == 1


def test_patch_goal_and_mark_step_done(personas, case, plan):
    client = login_client(personas["clinician"])
    goal = Goal.objects.filter(case=case).order_by("position").first()
    response = client.patch(
        _url(case, f"/goals/{goal.pk}"), {"version": 1, "status": "achieved"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["staff_wording"] == "Find a stable place to live"
    assert response.json()["status"] == "achieved"
    task = Task.objects.get(case=case)
    done = client.patch(
        _url(case, f"/tasks/{task.pk}"),
        {"version": task.version, "status": "done"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert done.json()["completed_at"] is not None


@pytest.mark.parametrize(
    ("tail", "body", "field"),
    [
        ("/goals", {"staff_wording": "x", "domain": "astrology"}, "domain"),
        ("/goals", {"staff_wording": "x", "service_category": "nope"}, "service_category"),
        ("/goals", {"domain": "safety"}, "staff_wording"),
        ("/tasks", {"title": "Call", "owner_id": "00000000-0000-0000-0000-000000000001"}, "owner_id"),
        ("/tasks", {"title": " "}, "title"),
    ],
)
def test_invalid_input_is_422_naming_the_field_and_saves_nothing(personas, case, plan, tail, body, field):
    client = login_client(personas["case_manager"])
    goals, tasks = Goal.objects.count(), Task.objects.count()
    response = client.post(_url(case, tail), body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert (Goal.objects.count(), Task.objects.count()) == (goals, tasks)


def test_a_stale_version_is_409_without_values(personas, case, plan):
    client = login_client(personas["case_manager"])
    goal = Goal.objects.filter(case=case).first()
    do_update_goal(
        actor=personas["clinician"], goal=goal, expected_version=1, data=GoalData(staff_wording="Secret new wording")
    )
    response = client.patch(
        _url(case, f"/goals/{goal.pk}"), {"version": 1, "status": "stopped"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "Secret" not in response.content.decode()
    assert response.json()["current_version"] == 2
    goal.refresh_from_db()
    assert goal.status == "not_started"


def test_other_agencies_get_404_and_nothing_changes(personas, case, plan):
    client = login_client(personas["other_agency_user"])
    goal = Goal.objects.filter(case=case).first()
    assert client.get(_url(case)).status_code == 404
    assert (
        client.post(
            _url(case, f"/goals/{goal.pk}/progress"), {"text": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert not GoalProgressNote.objects.exists()


def test_a_case_without_plan_is_404_on_read(personas, other_case):
    assert login_client(personas["other_agency_user"]).get(_url(other_case)).status_code == 404
    assert not Plan.objects.filter(case=other_case).exists()
