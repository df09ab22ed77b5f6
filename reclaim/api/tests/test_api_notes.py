"""Notes through the API: add, read, edit under a version, strike; errors with field messages and
nothing saved; the timeline's filters."""

from __future__ import annotations

import pytest

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment, CaseNote


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


@pytest.fixture
def case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.create(agency_id=case.agency_id, case=case, user=personas["legal_advocate"])
    return case


def test_write_read_edit_and_strike_a_legal_note(personas, case):
    client = login_client(personas["legal_advocate"])
    base = f"/api/v1/cases/{case.pk}/notes"
    # when the legal advocate adds a legal note
    created = _post(
        client, base, {"confidentiality": "legal", "kind": "phone_call", "occurred_on": "2026-10-01", "body": "Asked."}
    )
    assert created.status_code == 201, created.content
    note = created.json()
    assert (note["confidentiality"], note["kind"], note["body"], note["version"]) == (
        "legal",
        "phone_call",
        "Asked.",
        1,
    )
    # then it reads back by id and in the list
    assert client.get(f"{base}/{note['id']}").json()["body"] == "Asked."
    assert [n["id"] for n in client.get(base).json()["items"]] == [note["id"]]
    # an edit needs the version it was read at
    edited = _patch(client, f"{base}/{note['id']}", {"version": 1, "body": "Asked about the T visa."})
    assert edited.status_code == 200
    assert (edited.json()["body"], edited.json()["kind"], edited.json()["version"]) == (
        "Asked about the T visa.",
        "phone_call",
        2,
    )
    assert edited.json()["edited_at"] is not None
    stale = _patch(client, f"{base}/{note['id']}", {"version": 1, "body": "Lost update."})
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"
    assert "Asked about" not in stale.content.decode()
    # a strike keeps the note with the reason
    struck = _post(client, f"{base}/{note['id']}/strike", {"version": 2, "reason": "Wrong client"})
    assert struck.status_code == 200
    assert (struck.json()["strike_reason"], struck.json()["body"]) == ("Wrong client", "Asked about the T visa.")
    assert struck.json()["struck_at"] is not None
    again = _patch(client, f"{base}/{note['id']}", {"version": 3, "body": "After strike."})
    assert again.status_code == 400
    assert again.json()["code"] == "cases.note_struck"
    # and the timeline lists the three events with ids and codes only
    timeline = client.get(f"/api/v1/cases/{case.pk}/timeline", {"category": "notes"}).json()["items"]
    assert [e["type"] for e in timeline] == ["note_struck", "note_edited", "note_added"]
    assert all(e["parameters"] == {"note_id": note["id"], "confidentiality": "legal"} for e in timeline)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"body": ""}, 422, "body"),
        ({"body": "  "}, 422, "body"),
        ({"body": "x" * 20_001}, 422, "body"),
        ({"body": "ok", "confidentiality": "secret"}, 422, "confidentiality"),
        ({"body": "ok", "kind": "rumour"}, 422, "kind"),
        ({"body": "ok", "occurred_on": "2999-01-01"}, 422, "occurred_on"),
        ({"body": "ok", "confidentiality": "clinical"}, 400, "confidentiality"),  # a rule of the role
        ({}, 422, "body"),
    ],
)
def test_bad_input_gets_a_field_error_and_saves_nothing(personas, case, body, status, field):
    client = login_client(personas["case_manager"])
    response = _post(client, f"/api/v1/cases/{case.pk}/notes", body)
    assert response.status_code == status, response.content
    assert field in response.json()["fields"]
    assert not CaseNote.objects.exists()
    assert "xxxxxxxx" not in response.content.decode()


def test_a_colleague_may_read_but_not_change_a_general_note(personas, case):
    created = _post(login_client(personas["case_manager"]), f"/api/v1/cases/{case.pk}/notes", {"body": "Shared."})
    note_id = created.json()["id"]
    other = login_client(personas["legal_advocate"])
    assert other.get(f"/api/v1/cases/{case.pk}/notes/{note_id}").status_code == 200
    assert _patch(other, f"/api/v1/cases/{case.pk}/notes/{note_id}", {"version": 1, "body": "No."}).status_code == 403
    assert (
        _post(other, f"/api/v1/cases/{case.pk}/notes/{note_id}/strike", {"version": 1, "reason": "No"}).status_code
        == 403
    )
    assert CaseNote.objects.get().body == "Shared."


def test_other_agency_gets_404(personas, case):
    created = _post(login_client(personas["case_manager"]), f"/api/v1/cases/{case.pk}/notes", {"body": "Ours."})
    outsider = login_client(personas["other_agency_user"])
    note_id = created.json()["id"]
    assert outsider.get(f"/api/v1/cases/{case.pk}/notes").status_code == 404
    assert outsider.get(f"/api/v1/cases/{case.pk}/notes/{note_id}").status_code == 404
    assert _post(outsider, f"/api/v1/cases/{case.pk}/notes", {"body": "Theirs."}).status_code == 404
    assert CaseNote.objects.count() == 1


def test_timeline_filters_and_errors(personas, case):
    client = login_client(personas["case_manager"])
    _post(client, f"/api/v1/cases/{case.pk}/notes", {"body": "One."})
    url = f"/api/v1/cases/{case.pk}/timeline"
    assert [e["type"] for e in client.get(url, {"category": "stage"}).json()["items"]] == ["opened"]
    assert [e["type"] for e in client.get(url, {"category": "notes"}).json()["items"]] == ["note_added"]
    assert client.get(url, {"category": "other"}).json()["items"] == []
    assert client.get(url, {"date_to": "2000-01-01"}).json()["items"] == []
    first = client.get(url, {"limit": 1}).json()
    assert len(first["items"]) == 1
    second = client.get(url, {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [e["type"] for e in second["items"]] == ["opened"] and second["next_cursor"] is None
    bad_category = client.get(url, {"category": "gossip"})
    assert bad_category.status_code == 422
    assert "category" in bad_category.json()["fields"]
    reversed_range = client.get(url, {"date_from": "2026-02-02", "date_to": "2026-02-01"})
    assert reversed_range.status_code == 400
    assert "date_to" in reversed_range.json()["fields"]


def test_list_query_count_does_not_grow(personas, case, assert_max_queries, django_assert_max_num_queries):
    client = login_client(personas["case_manager"])
    for i in range(30):
        _post(client, f"/api/v1/cases/{case.pk}/notes", {"body": f"Note {i}."})
    with assert_max_queries(15):
        response = client.get(f"/api/v1/cases/{case.pk}/notes", {"limit": 100})
    assert len(response.json()["items"]) == 30
