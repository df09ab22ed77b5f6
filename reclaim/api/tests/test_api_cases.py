from __future__ import annotations

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.people.actions import do_create_survivor


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_open_move_and_read_a_case_through_the_api(personas, survivor_a):
    client = login_client(personas["case_manager"])
    # when a case is opened on an existing survivor
    created = _post(
        client,
        "/api/v1/cases",
        {
            "survivor_id": str(survivor_a.pk),
            "identification_source": "hotline",
            "trafficking_status": "PossibleVictimOfTrafficking",
        },
    )
    assert created.status_code == 201
    case = created.json()
    # then moving to intake without consent is refused with the missing criterion
    refused = _post(client, f"/api/v1/cases/{case['id']}/transitions", {"to": "intake", "version": case["version"]})
    assert refused.status_code == 422
    assert refused.json()["code"] == "cases.transition_refused"
    assert refused.json()["fields"]["to"]
    # and with consent it moves
    moved = _post(
        client,
        f"/api/v1/cases/{case['id']}/transitions",
        {"to": "intake", "version": case["version"], "services_consent_on": "2026-11-01"},
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "intake"
    # a stale version is a conflict
    stale = _post(
        client, f"/api/v1/cases/{case['id']}/transitions", {"to": "stabilization", "version": case["version"]}
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"
    # the timeline shows what happened, newest first
    timeline = client.get(f"/api/v1/cases/{case['id']}/timeline").json()["items"]
    assert [e["type"] for e in timeline][:1] == ["status_changed"]
    assert {"opened", "determination"} <= {e["type"] for e in timeline}


def test_closing_through_the_api_needs_a_supervisor(personas, survivor_a):
    manager, supervisor = login_client(personas["case_manager"]), login_client(personas["supervisor"])
    case = _post(manager, "/api/v1/cases", {"survivor_id": str(survivor_a.pk)}).json()
    request = _post(
        manager,
        f"/api/v1/cases/{case['id']}/approvals",
        {"kind": "close", "close_reason": "not_eligible_or_not_a_victim"},
    )
    assert request.status_code == 201
    approval_id = request.json()["id"]
    assert (
        _post(manager, f"/api/v1/cases/{case['id']}/approvals/{approval_id}/decision", {"approve": True}).status_code
        == 403
    )
    decided = _post(supervisor, f"/api/v1/cases/{case['id']}/approvals/{approval_id}/decision", {"approve": True})
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"
    assert manager.get(f"/api/v1/cases/{case['id']}").json()["status"] == "closed"


def test_bad_input_gets_field_errors_and_saves_nothing(personas, survivor_a):
    client = login_client(personas["case_manager"])
    response = _post(client, "/api/v1/cases", {"survivor_id": "not-a-uuid", "identification_source": "<script>"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert "survivor_id" in body["fields"]
    assert "<script>" not in response.content.decode()
    assert client.get("/api/v1/cases").json()["items"] == []


def test_case_list_is_paginated_scoped_and_flat_in_queries(personas, agency, team, django_assert_max_num_queries):
    for i in range(30):
        survivor = do_create_survivor(actor=None, agency=agency, reference=f"L-{i}", team=team)
        do_open_case(actor=personas["case_manager"], survivor=survivor, team=team)
    client = login_client(personas["supervisor"])
    with django_assert_max_num_queries(12):
        first = client.get("/api/v1/cases?limit=20").json()
    assert len(first["items"]) == 20
    second = client.get(f"/api/v1/cases?limit=20&cursor={first['next_cursor']}").json()
    assert len(second["items"]) == 10
    assert second["next_cursor"] is None
    assert login_client(personas["other_agency_user"]).get("/api/v1/cases").json()["items"] == []
