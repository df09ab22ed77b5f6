"""The groups API: create, plan sessions, enrol, attendance (idempotent), errors as elsewhere."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import login_client
from reclaim.services.models import GroupProgram, GroupSession, ServiceRecord
from reclaim.services.tests.groups_support import make_cases, make_past_session

pytestmark = pytest.mark.django_db


def _json(client, method, url, body=None):
    return getattr(client, method)(url, body, content_type="application/json")


def test_a_group_is_run_through_the_api(personas, agency, team):
    manager = personas["case_manager"]
    client = login_client(manager)
    start = timezone.localdate() - datetime.timedelta(days=20)
    created = _json(
        client,
        "post",
        "/api/v1/groups",
        {
            "name": "Money basics",
            "kind": "life_skills",
            "starts_on": start.isoformat(),
            "location": "Community room, Olmo shelter",
            "capacity": 2,
            "facilitator_ids": [str(personas["volunteer"].pk)],
        },
    )
    assert created.status_code == 201, created.content
    group = created.json()
    assert group["service_type"] == "life_skills.daily_living"
    assert group["facilitator_ids"] == [str(personas["volunteer"].pk)]
    planned = _json(
        client,
        "post",
        f"/api/v1/groups/{group['id']}/sessions/plan",
        {"weekdays": [0, 3], "start_time": "10:00", "count": 6},
    )
    assert planned.status_code == 201
    assert planned.json() == {"added": 6, "recurrence": "FREQ=WEEKLY;COUNT=6;BYDAY=MO,TH"}
    # planning again adds nothing
    again = _json(
        client,
        "post",
        f"/api/v1/groups/{group['id']}/sessions/plan",
        {"weekdays": [0, 3], "start_time": "10:00", "count": 6},
    )
    assert again.json()["added"] == 0
    sessions = client.get(f"/api/v1/groups/{group['id']}/sessions").json()["items"]
    assert len(sessions) == 6
    cases = make_cases(manager, agency, team, 3, assigned=[manager])
    enrolments = [
        _json(client, "post", f"/api/v1/groups/{group['id']}/enrolments", {"case_number": c.number}) for c in cases
    ]
    assert [r.status_code for r in enrolments] == [201, 201, 400]
    assert enrolments[2].json()["code"] == "groups.full"
    past = next(s for s in sessions if datetime.datetime.fromisoformat(s["starts_at"]) < timezone.now())
    sheet = client.get(f"/api/v1/groups/{group['id']}/sessions/{past['id']}/attendance").json()
    assert [row["case_id"] for row in sheet["rows"]] == [str(cases[0].pk), str(cases[1].pk)]
    marks = [{"enrolment_id": row["enrolment_id"], "status": "present"} for row in sheet["rows"]]
    url = f"/api/v1/groups/{group['id']}/sessions/{past['id']}/attendance"
    saved = _json(client, "put", url, {"version": sheet["version"], "marks": marks})
    assert saved.status_code == 200
    assert saved.json()["recorded"] == 2
    assert _json(client, "put", url, {"marks": marks}).json()["recorded"] == 0
    assert ServiceRecord.objects.filter(source_id=past["id"]).count() == 2
    # a stale version is a conflict and changes nothing
    stale = _json(client, "put", url, {"version": sheet["version"], "marks": [{**marks[0], "status": "absent"}]})
    assert stale.status_code == 409
    assert ServiceRecord.objects.filter(source_id=past["id"], voided_at__isnull=True).count() == 2
    # leaving
    enrolment_id = enrolments[0].json()["id"]
    left = _json(
        client,
        "post",
        f"/api/v1/groups/{group['id']}/enrolments/{enrolment_id}/leave",
        {"reason": "moved", "version": enrolments[0].json()["version"]},
    )
    assert left.status_code == 200 and left.json()["status"] == "left"


def test_invalid_input_is_422_and_saves_nothing(personas):
    client = login_client(personas["case_manager"])
    response = _json(client, "post", "/api/v1/groups", {"name": "x", "starts_on": "not a date", "capacity": 0})
    assert response.status_code == 422
    assert {"starts_on", "capacity"} <= set(response.json()["fields"])
    assert "not a date" not in response.content.decode()
    bad_dates = _json(
        client, "post", "/api/v1/groups", {"name": "x", "starts_on": "2026-02-01", "ends_on": "2026-01-01"}
    )
    assert bad_dates.status_code == 400
    assert "ends_on" in bad_dates.json()["fields"]
    assert not GroupProgram.objects.exists()


def test_a_rule_without_an_end_is_refused(personas, agency):
    client = login_client(personas["case_manager"])
    group = _json(client, "post", "/api/v1/groups", {"name": "Open ended", "starts_on": "2026-01-05"}).json()
    response = _json(
        client, "post", f"/api/v1/groups/{group['id']}/sessions/plan", {"weekdays": [2], "start_time": "18:00"}
    )
    assert response.status_code == 400
    assert "until" in response.json()["fields"]
    assert not GroupSession.objects.exists()


def test_other_agencies_get_404(personas, agency):
    manager = personas["case_manager"]
    client = login_client(manager)
    group = _json(client, "post", "/api/v1/groups", {"name": "Ours", "starts_on": "2026-01-05"}).json()
    session = make_past_session(manager, GroupProgram.objects.get(pk=group["id"]))
    other = login_client(personas["other_agency_user"])
    assert other.get(f"/api/v1/groups/{group['id']}").status_code == 404
    assert other.get(f"/api/v1/groups/{group['id']}/sessions/{session.pk}/attendance").status_code == 404
    assert (
        _json(other, "put", f"/api/v1/groups/{group['id']}/sessions/{session.pk}/attendance", {"marks": []}).status_code
        == 404
    )
    assert other.get("/api/v1/groups").json()["items"] == []
