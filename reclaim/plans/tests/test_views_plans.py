"""The plan tab: starting a plan from ticked suggestions, adding goals, bad input, the conflict block, steps,
visibility by role, audit of reads, and a flat query count with several goals."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.core.models import AuditEvent
from reclaim.plans.actions import GoalData, TaskData, do_add_goal, do_add_planned_service, do_add_task, do_update_goal
from reclaim.plans.models import Goal, Plan, Task
from reclaim.services.actions import ServiceEntry, do_record_service

pytestmark = pytest.mark.django_db


def test_start_a_plan_with_two_ticked_suggestions(personas, case):
    client = login_client(personas["case_manager"])
    # given the tab of a case without a plan, which suggests its open needs
    page = client.get(reverse("plans:plan", args=[case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Immediate need still open: Safety" in body
    assert not Plan.objects.exists()
    # when two suggestions are ticked and the plan is started
    response = client.post(
        reverse("plans:start", args=[case.pk]), {"suggestions": ["need:safety", "need:medical_care"]}
    )
    # then the plan has exactly those two goals, and the tab shows them
    assert response.status_code == 302
    goals = list(Goal.objects.filter(case=case).order_by("position"))
    assert [(g.domain, g.service_category) for g in goals] == [
        ("safety", "crisis_intervention"),
        ("physical_wellbeing", "physical_healthcare"),
    ]
    body = client.get(reverse("plans:plan", args=[case.pk])).content.decode()
    assert "Meet the immediate need: Safety" in body
    assert "Meet the immediate need: Medical care" in body


def test_add_two_goals_in_the_survivors_words(personas, case, plan):
    client = login_client(personas["case_manager"])
    url = reverse("plans:goal_add", args=[case.pk])
    for wording, words in (("Open a bank account", "Tener mi propio dinero"), ("Visit my sister", "")):
        response = client.post(
            url,
            {
                "staff_wording": wording,
                "survivor_words": words,
                "survivor_language": "es" if words else "",
                "domain": "economic_education" if words else "social_support",
                "service_category": "life_skills" if words else "",
                "target_on": "2027-03-01",
                "status": "not_started",
            },
        )
        assert response.status_code == 302
    body = client.get(reverse("plans:plan", args=[case.pk])).content.decode()
    assert "Open a bank account" in body
    assert '<blockquote lang="es"><p>Tener mi propio dinero</p></blockquote>' in body
    assert "Economic empowerment and education" in body
    assert Goal.objects.filter(case=case).count() == 4


def test_bad_goal_input_gets_a_clear_error_and_nothing_is_saved(personas, case, plan):
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("plans:goal_add", args=[case.pk]),
        {"staff_wording": "Learn to drive", "survivor_language": "Spanish", "status": "not_started"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Use a language code such as es, fil or pt-BR." in body
    assert not Goal.objects.filter(case=case, position=2).exists()
    assert Goal.objects.filter(case=case).count() == 2


def test_a_stale_goal_save_shows_the_other_persons_values(personas, case, plan):
    goal = Goal.objects.filter(case=case).order_by("position").first()
    client = login_client(personas["case_manager"])
    # given the clinician saved the goal after the case manager opened it
    do_update_goal(
        actor=personas["clinician"],
        goal=goal,
        expected_version=goal.version,
        data=GoalData(staff_wording="Move into the flat on Elm Street", domain="housing"),
    )
    # when the case manager saves the version they loaded
    response = client.post(
        reverse("plans:goal", args=[case.pk, goal.pk]),
        {"version": "1", "staff_wording": "Find any flat", "status": "in_progress"},
    )
    # then nothing of theirs is saved and the conflict block shows the clinician's wording
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing" in body
    assert "Move into the flat on Elm Street" in body
    goal.refresh_from_db()
    assert goal.staff_wording == "Move into the flat on Elm Street"
    assert goal.version == 2


def test_note_progress_and_mark_a_step_done(personas, case, plan):
    goal = Goal.objects.filter(case=case).order_by("position").first()
    client = login_client(personas["clinician"])
    response = client.post(
        reverse("plans:goal_progress", args=[case.pk, goal.pk]),
        {"text": "Housing office called back", "new_status": "in_progress"},
    )
    assert response.status_code == 302
    history = client.get(reverse("plans:goal", args=[case.pk, goal.pk])).content.decode()
    assert "Housing office called back" in history
    assert "Not started → In progress" in history
    task = Task.objects.get(case=case)
    response = client.post(reverse("plans:task_done", args=[case.pk, task.pk]), {"version": str(task.version)})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


def test_an_empty_step_is_refused_and_not_saved(personas, case, plan):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("plans:task_add", args=[case.pk]), {"title": "", "status": "open"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert Task.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("persona", ["clinician", "legal_advocate", "program_director", "supervisor"])
def test_assigned_and_supervising_staff_see_the_plan(personas, case, plan, persona):
    response = login_client(personas[persona]).get(reverse("plans:plan", args=[case.pk]))
    assert response.status_code == 200
    assert "Find a stable place to live" in response.content.decode()


def test_an_unassigned_clinician_gets_404(personas, case, plan, agency, team):
    from reclaim.accounts.actions import do_add_member

    other = do_add_member(
        actor=None, agency=agency, email="c2@a.example", display_name="c2", role="clinician", password="x" * 20
    ).user
    assert login_client(other).get(reverse("plans:plan", args=[case.pk])).status_code == 404


def test_volunteers_get_403_and_other_agencies_404(personas, case, plan):
    assert login_client(personas["volunteer"]).get(reverse("plans:plan", args=[case.pk])).status_code == 403
    assert login_client(personas["other_agency_user"]).get(reverse("plans:plan", args=[case.pk])).status_code == 404
    assert Goal.objects.filter(case=case).count() == 2


def test_reading_the_plan_is_audited(personas, case, plan):
    login_client(personas["legal_advocate"]).get(reverse("plans:plan", args=[case.pk]))
    assert AuditEvent.objects.filter(
        action="plan.read", actor_id=personas["legal_advocate"].pk, object_id=str(plan.pk)
    ).exists()


def test_the_plan_tab_costs_the_same_queries_with_many_goals(personas, case, plan, assert_max_queries):
    # given goals with steps, planned services and delivered services
    cm = personas["case_manager"]

    def grow(n: int) -> None:
        for i in range(n):
            goal = do_add_goal(actor=cm, plan=plan, data=GoalData(staff_wording=f"Goal {i}", domain="safety"))
            do_add_task(actor=cm, case=case, goal=goal, data=TaskData(title=f"Step {i}", owner=cm))
            do_add_planned_service(actor=cm, goal=goal, service_category="psychological_support", planned_count=6)
            do_record_service(
                actor=cm,
                case=case,
                entry=ServiceEntry(
                    service_type="psychological_support.counselling",
                    delivered_on=datetime.date(2026, 1, 5),
                    duration_minutes=50,
                    goal_id=goal.pk,
                ),
            )

    client = login_client(cm)
    url = reverse("plans:plan", args=[case.pk])
    grow(2)
    with assert_max_queries(40) as few:
        assert client.get(url).status_code == 200
    grow(8)
    # when the tab is read with five times as many goals
    with assert_max_queries(_real(few)):
        response = client.get(url)
    # then it costs no more queries, and shows planned next to delivered
    body = response.content.decode()
    assert "Goal 7" in body
    assert "1 service, 50 minutes" in body


def test_a_case_without_plan_shows_the_start_page_to_readers_only_as_text(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    body = login_client(personas["program_director"]).get(reverse("plans:plan", args=[case.pk])).content.decode()
    assert "Only the people working on this case can start its plan." in body


def _real(context) -> int:
    return len([q for q in context.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))])
