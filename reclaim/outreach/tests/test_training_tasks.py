"""Required training on the staff member's task list: missing, expiring within 30 days, expired."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.accounts.models import User
from reclaim.cases.tasklist import tasks_for
from reclaim.outreach import training_actions as training
from reclaim.outreach.tests.training_support import admin_of, certify, make_course

pytestmark = pytest.mark.django_db


def _require(agency, role, *courses):
    training.do_set_required_courses(
        actor=admin_of(agency), agency=agency, required={role: {course.pk for course in courses}}
    )


def _training_tasks(user):
    return [item for item in tasks_for(user, timezone.localdate()) if item.source == "required_training"]


def test_missing_expiring_and_expired_required_courses_become_tasks(personas, agency):
    # given three required courses for case managers: one never taken, one expiring in ~20 days, one expired
    missing = make_course(agency, "Trauma-informed care")
    expiring = make_course(agency, "Confidentiality and consent", topic="confidentiality", valid_months=12)
    expired = make_course(agency, "Identification indicators", topic="identification", valid_months=12)
    current = make_course(agency, "Using Reclaim", topic="platform", valid_months=None)
    _require(agency, "case_manager", missing, expiring, expired, current)
    cm = personas["case_manager"]
    certify(cm, expiring, completed_days_ago=345)
    certify(cm, expired, completed_days_ago=400)
    certify(cm, current, completed_days_ago=900)
    # when the case manager's tasks are read
    items = _training_tasks(User.objects.get(pk=cm.pk))
    # then each needing action is there, pointing to My training
    titles = " ".join(item.title for item in items)
    assert len(items) == 3
    assert "Trauma-informed care" in titles
    assert "Confidentiality and consent" in titles
    assert "Identification indicators" in titles
    assert "Using Reclaim" not in titles
    assert {item.url for item in items} == {reverse("outreach:training_mine")}
    by_course = {next(c for c in ("Trauma", "Confidentiality", "Identification") if c in i.title): i for i in items}
    assert by_course["Trauma"].overdue is True
    assert by_course["Identification"].overdue is True
    assert by_course["Confidentiality"].overdue is False
    # and the task page shows them
    page = login_client(cm).get(reverse("tasks"))
    assert "Required training" in page.content.decode()


def test_no_tasks_for_roles_without_requirements_or_other_staff(personas, agency):
    tic = make_course(agency)
    _require(agency, "clinician", tic)
    assert _training_tasks(User.objects.get(pk=personas["case_manager"].pk)) == []
    assert len(_training_tasks(User.objects.get(pk=personas["clinician"].pk))) == 1
    assert _training_tasks(User.objects.get(pk=personas["other_agency_user"].pk)) == []
    # a renewed certificate clears the task
    certify(personas["clinician"], tic, completed_days_ago=1)
    assert _training_tasks(User.objects.get(pk=personas["clinician"].pk)) == []


def test_the_task_source_costs_a_constant_number_of_queries(personas, agency, assert_max_queries):
    courses = [make_course(agency, f"Course {n}", topic="other") for n in range(6)]
    _require(agency, "supervisor", *courses)
    for course in courses[:3]:
        certify(personas["supervisor"], course, completed_days_ago=400)
    user = User.objects.get(pk=personas["supervisor"].pk)
    from reclaim.accounts.selectors import active_membership
    from reclaim.outreach.training_tasks import required_training_tasks

    active_membership(user)  # cached for the request already (the menu reads it)
    with assert_max_queries(2):
        assert len(required_training_tasks(user, timezone.localdate())) == 6
