"""Issue 11 API completeness: an outreach event's follow-ups (list, add, done / open again) with the event
page's rights; 422 on bad input with nothing saved, 409 on a stale version, another agency 404, roles 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reclaim.outreach.events_actions import EventValues, do_add_follow_up, do_create_event
from reclaim.outreach.models import EventFollowUp

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def event(personas, agency):
    coordinator = personas["outreach_coordinator"]
    return do_create_event(
        actor=coordinator,
        agency=agency,
        values=EventValues(
            title="Workshop", starts_at=timezone.now() - timedelta(days=1), facilitator_ids=[coordinator.pk]
        ),
    )


def test_add_list_and_mark_done(personas, event, client_as):
    client = client_as("outreach_coordinator")
    base = f"/api/v1/outreach/events/{event.pk}/follow-ups"
    owner = personas["case_manager"]
    created = post(client, base, {"what": "Send the slides", "owner_id": str(owner.pk), "due_on": "2026-04-01"})
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["what"], data["owner_id"], data["due_on"], data["done_at"], data["version"]) == (
        "Send the slides",
        str(owner.pk),
        "2026-04-01",
        None,
        1,
    )
    # readers of outreach list it
    listed = client_as("program_director").get(base)
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [data["id"]]
    assert listed.json()["next_cursor"] is None
    # the owner marks it done, with the version read
    done = post(client_as("case_manager"), f"{base}/{data['id']}/done", {"version": 1})
    assert done.status_code == 200, done.content
    assert done.json()["done_at"] is not None and done.json()["version"] == 2
    # a stale version is 409 and nothing changes
    stale = post(client, f"{base}/{data['id']}/done", {"version": 1, "done": False})
    assert stale.status_code == 409
    assert EventFollowUp.objects.get().done_at is not None
    # opened again with the current version
    reopened = post(client, f"{base}/{data['id']}/done", {"version": 2, "done": False})
    assert reopened.status_code == 200 and reopened.json()["done_at"] is None


def test_paging(personas, event, client_as):
    for number in range(3):
        do_add_follow_up(
            actor=personas["outreach_coordinator"],
            event=event,
            what=f"Task {number}",
            owner_id=personas["outreach_coordinator"].pk,
            due_on=None,
        )
    base = f"/api/v1/outreach/events/{event.pk}/follow-ups"
    first = client_as("outreach_coordinator").get(f"{base}?limit=2").json()
    second = client_as("outreach_coordinator").get(f"{base}?limit=2&cursor={first['next_cursor']}").json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next_cursor"] is None


def test_bad_input_is_422_and_saves_nothing(personas, event, client_as):
    client = client_as("outreach_coordinator")
    base = f"/api/v1/outreach/events/{event.pk}/follow-ups"
    cases = [
        ({"what": " ", "owner_id": str(personas["outreach_coordinator"].pk)}, "what"),
        ({"what": "Call back"}, "owner_id"),
        ({"what": "Call back", "owner_id": str(personas["other_agency_user"].pk)}, "owner_id"),
        ({"what": "Call back", "owner_id": "not-a-uuid"}, "owner_id"),
        ({"what": "Call back", "owner_id": str(personas["outreach_coordinator"].pk), "due_on": "soon"}, "due_on"),
    ]
    for body, field in cases:
        response = post(client, base, body)
        assert response.status_code == 422, (body, response.content)
        assert field in str(response.json()["fields"]), (field, response.json())
    assert not EventFollowUp.objects.exists()


def test_other_agency_404_and_read_only_roles_403(personas, event, client_as):
    follow_up = do_add_follow_up(
        actor=personas["outreach_coordinator"],
        event=event,
        what="Send the slides",
        owner_id=personas["outreach_coordinator"].pk,
        due_on=None,
    )
    base = f"/api/v1/outreach/events/{event.pk}/follow-ups"
    body = {"what": "x", "owner_id": str(personas["outreach_coordinator"].pk)}
    for persona in ("other_agency_admin", "other_agency_user"):
        assert client_as(persona).get(base).status_code == 404
        assert post(client_as(persona), base, body).status_code == 404
        assert post(client_as(persona), f"{base}/{follow_up.pk}/done", {"version": 1}).status_code == 404
    # an analyst reads events but neither adds nor closes follow-ups; a case manager does not read outreach
    assert post(client_as("analyst"), base, body).status_code == 403
    assert post(client_as("analyst"), f"{base}/{follow_up.pk}/done", {"version": 1}).status_code == 403
    assert client_as("case_manager").get(base).status_code == 403
    assert EventFollowUp.objects.count() == 1
    assert EventFollowUp.objects.get().done_at is None
