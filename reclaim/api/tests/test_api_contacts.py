"""API for a survivor's family and contacts, and the survivor's own contact safety."""

from __future__ import annotations

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.people.actions import do_add_relation
from reclaim.people.models import Relation


def _url(survivor, relation=None) -> str:
    base = f"/api/v1/survivors/{survivor.pk}/relations"
    return f"{base}/{relation.pk}" if relation else base


def test_add_list_update_and_archive(personas, survivor_a):
    client = login_client(personas["case_manager"])
    # when a dependant is added
    created = client.post(
        _url(survivor_a),
        {
            "kind": "dependant",
            "relationship": "child",
            "name": "Nico",
            "date_of_birth": "2018-02-03",
            "child_location": "in_care",
            "safe_to_contact": "ask_first",
        },
        content_type="application/json",
    )
    # then it comes back with its version
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["child_location"], body["version"], body["do_not_contact"]) == (
        "Nico",
        "in_care",
        1,
        False,
    )
    # and the list returns it
    listed = client.get(_url(survivor_a)).json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]
    relation = Relation.objects.get(pk=body["id"])
    # when it is patched with the version read: only the sent fields change
    patched = client.patch(
        _url(survivor_a, relation), {"version": 1, "safe_times": "After school"}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert (patched.json()["safe_times"], patched.json()["name"], patched.json()["version"]) == (
        "After school",
        "Nico",
        2,
    )
    # when it is archived
    archived = client.delete(_url(survivor_a, relation))
    assert archived.status_code == 200
    assert archived.json()["archived_at"] is not None
    assert client.get(_url(survivor_a)).json()["items"] == []
    assert len(client.get(_url(survivor_a) + "?include_archived=true").json()["items"]) == 1
    assert AuditEvent.objects.filter(object_type="relation", object_id=str(relation.pk)).count() == 3


def test_stale_patch_is_409_and_nothing_changes(personas, survivor_a):
    relation = do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "Ines"})
    client = login_client(personas["case_manager"])
    client.patch(_url(survivor_a, relation), {"version": 1, "phone": "1"}, content_type="application/json")
    stale = client.patch(_url(survivor_a, relation), {"version": 1, "phone": "2"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"
    relation.refresh_from_db()
    assert relation.phone == "1"


def test_rules_are_400_with_field_errors(personas, survivor_a):
    client = login_client(personas["case_manager"])
    no_reason = client.post(_url(survivor_a), {"safe_to_contact": "no"}, content_type="application/json")
    assert no_reason.status_code == 400
    assert no_reason.json()["code"] == "people.unsafe_reason_required"
    assert "unsafe_reason" in no_reason.json()["fields"]
    connected = client.post(
        _url(survivor_a),
        {"connected_to_trafficking": True, "safe_to_contact": "yes"},
        content_type="application/json",
    )
    assert connected.status_code == 400
    assert connected.json()["code"] == "people.connected_never_safe"
    bad = client.post(_url(survivor_a), {"kind": "enemy", "name": "Secret Name"}, content_type="application/json")
    assert bad.status_code == 422
    assert "Secret Name" not in bad.content.decode()
    assert not Relation.objects.exists()


def test_other_agency_404_and_read_only_403(personas, survivor_a, survivor_b):
    relation = do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "Ana"})
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(_url(survivor_a)).status_code == 404
    assert (
        outsider.patch(_url(survivor_a, relation), {"version": 1}, content_type="application/json").status_code == 404
    )
    # a relation of agency A through agency B's own survivor is 404 as well
    assert outsider.delete(_url(survivor_b, relation)).status_code == 404
    director = login_client(personas["program_director"])
    assert director.get(_url(survivor_a)).status_code == 200
    assert director.delete(_url(survivor_a, relation)).status_code == 403
    relation.refresh_from_db()
    assert relation.archived_at is None


def test_survivor_contact_safety(personas, survivor_a):
    client = login_client(personas["case_manager"])
    url = f"/api/v1/survivors/{survivor_a.pk}/contact-safety"
    ok = client.patch(
        url,
        {"version": survivor_a.version, "safe_to_contact": "yes", "safe_channel": "call", "safe_times": "9-11"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["safe_channel"] == "call"
    read = client.get(f"/api/v1/survivors/{survivor_a.pk}").json()
    assert (read["safe_to_contact"], read["safe_times"]) == ("yes", "9-11")
    # a null channel clears it, the tri-state left out stays
    cleared = client.patch(url, {"version": read["version"], "safe_channel": None}, content_type="application/json")
    assert (cleared.json()["safe_channel"], cleared.json()["safe_to_contact"]) == ("", "yes")
    stale = client.patch(url, {"version": read["version"], "safe_times": "never"}, content_type="application/json")
    assert stale.status_code == 409


def test_list_query_count_is_flat(personas, survivor_a, assert_max_queries):
    client = login_client(personas["case_manager"])
    do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": "A"})
    client.get(_url(survivor_a))
    with assert_max_queries(30) as context:
        client.get(_url(survivor_a))
    baseline = len(context.captured_queries)
    for i in range(30):
        do_add_relation(actor=personas["case_manager"], survivor=survivor_a, values={"name": f"N{i}"})
    with assert_max_queries(30) as context:
        response = client.get(_url(survivor_a))
    assert len(response.json()["items"]) == 31
    assert len(context.captured_queries) == baseline
