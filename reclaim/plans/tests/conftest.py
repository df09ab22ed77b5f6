"""Fixtures for plan tests: a case shared by the case manager, clinician and legal advocate."""

from __future__ import annotations

import pytest

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.plans.actions import GoalData, TaskData, do_add_task, do_create_plan


@pytest.fixture
def case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.get_or_create(agency_id=case.agency_id, case=case, user=personas[worker])
    return case


@pytest.fixture
def other_case(personas, survivor_b):
    return do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)


@pytest.fixture
def plan(personas, case):
    """A plan with two goals and a step on the first, owned by the case manager."""
    plan = do_create_plan(
        actor=personas["case_manager"],
        case=case,
        goals=[
            GoalData(staff_wording="Find a stable place to live", domain="housing", service_category="housing_shelter"),
            GoalData(
                staff_wording="Start English classes", survivor_words="Quiero hablar inglés", survivor_language="es"
            ),
        ],
    )
    first = plan.goals.order_by("position").first()
    do_add_task(
        actor=personas["case_manager"],
        case=case,
        goal=first,
        data=TaskData(title="Call the housing office", owner=personas["case_manager"]),
    )
    return plan
