"""POST /referrals/{id}/outcome-seen and GET/PUT /referral-policy: the referral page's "Outcome read" and the
referral settings page, with their rights."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.tasklist import tasks_for
from reclaim.referrals.actions import ReferralInput, do_create_referral, do_transition_referral
from reclaim.referrals.models import Referral, ReferralPolicy

POLICY = "/api/v1/referral-policy"


@pytest.fixture
def declined(personas, survivor_a, other_agency):
    """A referral of agency A's case that agency B declined: its outcome waits on the case manager's task list."""
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    referral = do_create_referral(
        actor=personas["case_manager"],
        case=case,
        data=ReferralInput(service_category="psychological_support", to_agency_id=other_agency.pk),
        send=True,
    )
    return do_transition_referral(
        actor=personas["other_agency_user"],
        referral=referral,
        to="declined",
        expected_version=referral.version,
        reason_code="no_capacity",
        note="Full",
    )


def _outcome_tasks(user):
    return [t for t in tasks_for(user, timezone.localdate()) if t.source == "referral_outcome"]


def test_marking_the_outcome_seen_takes_it_off_the_task_list(personas, declined, client_as):
    assert len(_outcome_tasks(personas["case_manager"])) == 1
    url = f"/api/v1/referrals/{declined.pk}/outcome-seen"
    # when the case manager marks it seen
    response = client_as("case_manager").post(url)
    # then it carries the time, and the task is gone
    assert response.status_code == 200, response.content
    seen_at = response.json()["outcome_seen_at"]
    assert seen_at is not None
    assert _outcome_tasks(personas["case_manager"]) == []
    # and again is harmless: the first time stays
    again = client_as("case_manager").post(url)
    assert again.status_code == 200
    assert again.json()["outcome_seen_at"] == seen_at


def test_only_the_sending_cases_editors_mark_it(personas, declined, client_as):
    url = f"/api/v1/referrals/{declined.pk}/outcome-seen"
    # the recipient reads the referral but the outcome is the sender's to note; a reader may not write
    assert client_as("other_agency_user").post(url).status_code == 403
    assert client_as("program_director").post(url).status_code == 403
    assert client_as("analyst").post(url).status_code == 404
    assert client_as("other_agency_admin").post(url).status_code == 404
    assert client_as("case_manager").post("/api/v1/referrals/not-a-uuid/outcome-seen").status_code == 404
    assert Referral.objects.get().outcome_seen_at is None


def _put(client, body):
    return client.put(POLICY, body, content_type="application/json")


def test_read_then_set_the_referral_deadlines(personas, client_as):
    client = client_as("agency_admin")
    before = client.get(POLICY)
    assert before.status_code == 200
    assert before.json()["version"] == 1
    saved = _put(client, {"version": 1, "ack_business_days": 5, "stale_days": 30})
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"ack_business_days": 5, "stale_days": 30, "version": 2}
    assert client_as("program_director").get(POLICY).json() == saved.json()
    # a stale version is 409, and nothing changes
    stale = _put(client, {"version": 1, "ack_business_days": 9, "stale_days": 30})
    assert stale.status_code == 409
    assert ReferralPolicy.objects.get().ack_business_days == 5


def test_bad_deadlines_are_refused_naming_the_field(personas, client_as):
    client = client_as("agency_admin")
    refused: list[tuple[dict[str, Any], int, str]] = [
        ({"ack_business_days": 0, "stale_days": 30}, 400, "ack_business_days"),
        ({"ack_business_days": 31, "stale_days": 30}, 400, "ack_business_days"),
        ({"ack_business_days": 5, "stale_days": 366}, 400, "stale_days"),
        ({"ack_business_days": "soon", "stale_days": 30}, 422, "ack_business_days"),
        ({"ack_business_days": 5}, 422, "stale_days"),
    ]
    for values, status, field in refused:
        response = _put(client, {"version": 1, **values})
        assert response.status_code == status, (values, response.content)
        assert field in response.json()["fields"], response.json()
    assert not ReferralPolicy.objects.exists()


def test_case_workers_may_not_touch_the_policy(personas, client_as):
    for persona in ("supervisor", "case_manager", "analyst"):
        assert client_as(persona).get(POLICY).status_code == 403
        assert _put(client_as(persona), {"version": 1, "ack_business_days": 5, "stale_days": 30}).status_code == 403
    assert not ReferralPolicy.objects.exists()
