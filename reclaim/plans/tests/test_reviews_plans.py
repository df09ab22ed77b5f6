"""Plan reviews: a snapshot per review, the next review date, the agency's policy, sign-off by a supervisor or
director (never by the person who recorded it), the read-only versions, and the review policy page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.errors import DomainError
from reclaim.plans.actions import do_record_review, do_set_plan_policy, do_sign_off_review
from reclaim.plans.models import PlanPolicy, PlanVersion

pytestmark = pytest.mark.django_db


def _require_sign_off(personas, agency, days: int = 30) -> None:
    do_set_plan_policy(
        actor=personas["agency_admin"],
        agency=agency,
        review_every_days=days,
        requires_sign_off=True,
        expected_version=0,
    )


def test_a_review_keeps_a_snapshot_and_sets_the_next_review(personas, case, plan):
    version = do_record_review(actor=personas["case_manager"], plan=plan, expected_version=plan.version, note="ok")
    plan.refresh_from_db()
    assert version.number == 1
    assert [g["staff_wording"] for g in version.snapshot["goals"]] == [
        "Find a stable place to live",
        "Start English classes",
    ]
    assert version.snapshot["goals"][0]["tasks"][0]["title"] == "Call the housing office"
    assert plan.last_reviewed_on == timezone.localdate()
    assert plan.next_review_on == timezone.localdate() + datetime.timedelta(days=90)
    assert not version.awaiting_sign_off


def test_with_sign_off_required_the_review_waits_for_a_supervisor(personas, agency, case, plan):
    # given the agency requires a sign-off every 30 days
    _require_sign_off(personas, agency)
    # when the case manager records a review
    client = login_client(personas["case_manager"])
    response = client.post(reverse("plans:review", args=[case.pk]), {"version": str(plan.version)})
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan=plan)
    plan.refresh_from_db()
    # then the plan shows that the review awaits sign-off, and the next review follows the policy
    assert plan.next_review_on == timezone.localdate() + datetime.timedelta(days=30)
    assert "Review awaiting sign-off." in client.get(reverse("plans:plan", args=[case.pk])).content.decode()
    # and the case manager may not sign it off, nor record another review meanwhile
    assert client.post(reverse("plans:sign_off", args=[case.pk, version.pk])).status_code == 403
    with pytest.raises(DomainError):
        do_record_review(actor=personas["case_manager"], plan=plan, expected_version=plan.version)
    # when the supervisor signs it off
    supervisor = login_client(personas["supervisor"])
    page = supervisor.get(reverse("plans:version", args=[case.pk, version.pk])).content.decode()
    assert "Sign off this review" in page
    assert supervisor.post(reverse("plans:sign_off", args=[case.pk, version.pk])).status_code == 302
    # then it is signed off, the notice is gone, and the timeline has the event
    version.refresh_from_db()
    assert version.signed_off_by == personas["supervisor"]
    assert "Review awaiting sign-off." not in client.get(reverse("plans:plan", args=[case.pk])).content.decode()
    assert CaseEvent.objects.filter(case=case, type=EventType.PLAN_SIGNED_OFF).exists()


def test_nobody_signs_off_their_own_review(personas, agency, case, plan):
    _require_sign_off(personas, agency)
    version = do_record_review(actor=personas["supervisor"], plan=plan, expected_version=plan.version)
    with pytest.raises(DomainError) as info:
        do_sign_off_review(actor=personas["supervisor"], version=version)
    assert info.value.code == "plans.own_review"
    version.refresh_from_db()
    assert version.signed_off_at is None
    do_sign_off_review(actor=personas["program_director"], version=version)


def test_api_sign_off(personas, agency, case, plan):
    _require_sign_off(personas, agency)
    review = login_client(personas["case_manager"]).post(
        f"/api/v1/cases/{case.pk}/plan/reviews", {"version": plan.version}, content_type="application/json"
    )
    assert review.status_code == 201
    assert review.json()["needs_sign_off"] is True
    url = f"/api/v1/cases/{case.pk}/plan/reviews/{review.json()['id']}/sign-off"
    assert login_client(personas["clinician"]).post(url).status_code == 403
    signed = login_client(personas["program_director"]).post(url)
    assert signed.status_code == 200
    assert signed.json()["signed_off_by_id"] == str(personas["program_director"].pk)
    plan_json = login_client(personas["case_manager"]).get(f"/api/v1/cases/{case.pk}/plan").json()
    assert plan_json["review_awaiting_sign_off"] is False


def test_past_versions_are_read_only_copies(personas, case, plan):
    version = do_record_review(actor=personas["case_manager"], plan=plan, expected_version=plan.version)
    client = login_client(personas["legal_advocate"])
    # when a goal changes after the review
    goal = plan.goals.order_by("position").first()
    client.post(
        reverse("plans:goal", args=[case.pk, goal.pk]),
        {"version": "1", "staff_wording": "Rent a room near work", "status": "in_progress"},
    )
    # then the version still shows the plan as it was
    body = client.get(reverse("plans:version", args=[case.pk, version.pk])).content.decode()
    assert "Find a stable place to live" in body
    assert "Rent a room near work" not in body
    assert "Sign off this review" not in body


def test_the_review_policy_page(personas, agency):
    url = reverse("plans:policy")
    assert login_client(personas["case_manager"]).get(url).status_code == 403
    client = login_client(personas["program_director"])
    bad = client.post(url, {"version": "0", "review_every_days": "3", "requires_sign_off": "on"})
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()
    assert not PlanPolicy.objects.exists()
    good = client.post(url, {"version": "0", "review_every_days": "60", "requires_sign_off": "on"})
    assert good.status_code == 302
    policy = PlanPolicy.objects.get(agency=agency)
    assert (policy.review_every_days, policy.requires_sign_off) == (60, True)
    stale = client.post(url, {"version": "0", "review_every_days": "45"})
    assert "Someone else changed this while you were editing" in stale.content.decode()
    policy.refresh_from_db()
    assert policy.review_every_days == 60
