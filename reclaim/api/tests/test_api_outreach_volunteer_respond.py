"""Issue 11 API completeness: the signed-in volunteer accepts or declines a task offered to them, as on their
own page: their own tasks only (anyone else's is 404, other roles 403); a stale version is 409; a task that has
started can no longer be declined (422, unchanged)."""

from __future__ import annotations

import pytest

from reclaim.accounts.models import Membership
from reclaim.outreach.models import VolunteerAssignment
from reclaim.outreach.tests.volunteers_support import active_volunteer, task

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def respond_url(assignment) -> str:
    return f"/api/v1/outreach/volunteers/my-assignments/{assignment.pk}/response"


@pytest.fixture
def mine(personas, agency):
    """An active volunteer linked to the `volunteer` persona's sign-in."""
    return active_volunteer(personas["outreach_coordinator"], agency, user=personas["volunteer"])


def test_accept_then_decline_a_coming_task(personas, mine, client_as):
    # given a task offered for next week
    offered = task(personas["outreach_coordinator"], mine, days=7)
    client = client_as("volunteer")
    # when the volunteer accepts it, then changes their mind
    accepted = post(client, respond_url(offered), {"answer": "accept", "version": offered.version})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    declined = post(client, respond_url(offered), {"answer": "decline", "version": accepted.json()["version"]})
    # then the task is declined
    assert declined.status_code == 200, declined.content
    assert declined.json()["status"] == "declined"
    assert VolunteerAssignment.objects.get().status == "declined"


def test_stale_version_started_task_and_bad_answer(personas, mine, client_as):
    coordinator = personas["outreach_coordinator"]
    client = client_as("volunteer")
    coming, started = task(coordinator, mine, days=7), task(coordinator, mine, days=-1)
    # a stale version: 409, unchanged
    stale = post(client, respond_url(coming), {"answer": "accept", "version": coming.version + 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == coming.version
    # a task that has started cannot be declined: 422 with its code
    late = post(client, respond_url(started), {"answer": "decline", "version": started.version})
    assert late.status_code == 422
    assert late.json()["code"] == "outreach.assignment_started"
    # an answer that is neither: 422 naming it
    bad = post(client, respond_url(coming), {"answer": "maybe", "version": coming.version})
    assert bad.status_code == 422 and "answer" in bad.json()["fields"]
    assert set(VolunteerAssignment.objects.values_list("status", flat=True)) == {"offered"}


def test_only_the_volunteer_themselves(personas, agency, mine, client_as):
    # given a task of another volunteer of the agency, with a sign-in of their own
    coordinator = personas["outreach_coordinator"]
    other_user = Membership.objects.get(agency=agency, role="volunteer").user
    assert other_user == personas["volunteer"]  # the only volunteer persona: the other volunteer has no sign-in
    someone_else = active_volunteer(coordinator, agency, "Someone Else")
    theirs = task(coordinator, someone_else, days=7)
    mine_task = task(coordinator, mine, days=7)
    body = {"answer": "accept", "version": 1}
    # then the volunteer finds only their own; coordinators and other roles answer nothing for them
    assert post(client_as("volunteer"), respond_url(theirs), body).status_code == 404
    for persona in ("outreach_coordinator", "case_manager", "other_agency_admin"):
        assert post(client_as(persona), respond_url(mine_task), body).status_code == 403
    assert set(VolunteerAssignment.objects.values_list("status", flat=True)) == {"offered"}
