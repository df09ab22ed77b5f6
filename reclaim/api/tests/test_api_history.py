"""API for trafficking history, flags and vocabularies: same rules and permissions as the UI."""

from __future__ import annotations

from datetime import timedelta

from conftest import login_client
from reclaim.accounts.actions import do_add_agency_term
from reclaim.cases.models import CaseFlag, EventCoding, HistoricEvent
from reclaim.cases.tests.history_helpers import IDENTIFIED, open_case, to_follow_up
from reclaim.core import htcds
from reclaim.core.models import AuditEvent
from reclaim.core.vocabulary import vocabulary_by_code


def _send(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def test_record_change_and_remove_an_event(personas, survivor_a):
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/history"
    # when an event is recorded with codes and a partial date
    created = _send(
        client,
        "post",
        url,
        {
            "type": "Exploitation",
            "started_on": "2019-06-15",
            "started_precision": "month",
            "country": "ph",
            "place": "Quezon City",
            "exploitation_types": ["SexualExploitation"],
            "sex_exploitation_types": ["RemoteInteractiveServices"],
            "means_of_control": ["TakesEarnings"],
            "relationship_to_trafficker": "Acquainted",
        },
    )
    # then it is stored normalised and returned
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["started_on"], body["country"], body["place"]) == ("2019-06-01", "PH", "Quezon City")
    assert body["exploitation_types"] == ["SexualExploitation"]
    assert body["re_trafficking_flag_ids"] == []
    listed = client.get(url).json()["items"]
    assert [e["id"] for e in listed] == [body["id"]]
    # a partial change keeps the rest
    changed = _send(client, "patch", f"{url}/{body['id']}", {"version": body["version"], "means_of_control": []})
    assert changed.status_code == 200
    assert changed.json()["means_of_control"] == []
    assert changed.json()["place"] == "Quezon City"
    # a stale version is a conflict that does not echo the stored values
    stale = _send(client, "patch", f"{url}/{body['id']}", {"version": body["version"], "country": "US"})
    assert stale.status_code == 409
    assert "Quezon" not in stale.content.decode()
    # removal archives, twice is harmless
    assert client.delete(f"{url}/{body['id']}").status_code == 204
    assert client.delete(f"{url}/{body['id']}").status_code == 204
    assert client.get(url).json()["items"] == []
    assert _send(client, "patch", f"{url}/{body['id']}", {"version": 3}).status_code == 404


def test_unknown_codes_are_422_with_fields_and_nothing_saved(personas, survivor_a):
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    response = _send(
        client,
        "post",
        f"/api/v1/cases/{case.pk}/history",
        {
            "type": "Exploitation",
            "means_of_control": ["Mind control"],
            "country": "ZZ",
            "relationship_to_trafficker": "Unacquainted",
        },
    )
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "cases.invalid_history"
    assert set(error["fields"]) == {"means_of_control", "country", "relationship_to_trafficker"}
    assert not HistoricEvent.objects.exists()
    assert not EventCoding.objects.exists()
    too_old = _send(client, "post", f"/api/v1/cases/{case.pk}/history", {"type": "Transit", "age_when_trafficked": 500})
    assert too_old.status_code == 422


def test_re_trafficking_through_the_api_reopens_a_follow_up_case(personas, survivor_a):
    case = to_follow_up(personas, open_case(personas, survivor_a))
    client = login_client(personas["case_manager"])
    response = _send(
        client,
        "post",
        f"/api/v1/cases/{case.pk}/history",
        {"type": "Exploitation", "started_on": (IDENTIFIED + timedelta(days=90)).isoformat()},
    )
    assert response.status_code == 201
    assert response.json()["case_reopened"] is True
    assert len(response.json()["re_trafficking_flag_ids"]) == 1
    assert client.get(f"/api/v1/cases/{case.pk}").json()["status"] == "intake"
    flags = client.get(f"/api/v1/cases/{case.pk}/flags").json()["items"]
    assert [(f["kind"], f["active"]) for f in flags] == [("re_trafficking", True)]


def test_raise_and_clear_flags(personas, survivor_a):
    case = open_case(personas, survivor_a)
    client = login_client(personas["case_manager"])
    raised = _send(
        client, "post", f"/api/v1/cases/{case.pk}/flags", {"kind": "safety_concern", "reason": "Followed home"}
    )
    assert raised.status_code == 201
    flag_id = raised.json()["id"]
    refused = _send(client, "post", f"/api/v1/cases/{case.pk}/flags/{flag_id}/clear", {"reason": ""})
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"reason": ["Required."]}
    cleared = _send(client, "post", f"/api/v1/cases/{case.pk}/flags/{flag_id}/clear", {"reason": "Moved"})
    assert cleared.status_code == 200
    assert cleared.json()["active"] is False
    assert _send(client, "post", f"/api/v1/cases/{case.pk}/flags", {"kind": "vip", "reason": "x"}).status_code == 422
    assert CaseFlag.objects.count() == 1
    # another agency sees nothing
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(f"/api/v1/cases/{case.pk}/flags").status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", object_id=str(case.pk)).exists()


def test_vocabularies_show_agency_terms_only_to_their_agency(personas, agency):
    do_add_agency_term(
        actor=personas["agency_admin"],
        agency=agency,
        vocabulary=vocabulary_by_code(htcds.TYPE_OF_EXPLOITATION),
        code="x_Scam",
        label="Forced online scamming",
    )
    ours = login_client(personas["case_manager"])
    theirs = login_client(personas["other_agency_user"])
    vocabularies = ours.get("/api/v1/vocabularies").json()
    assert htcds.METHODS_OF_CONTROL in {v["code"] for v in vocabularies}
    url = f"/api/v1/vocabularies/{htcds.TYPE_OF_EXPLOITATION}/terms"
    our_terms = {t["code"]: t for t in ours.get(url).json()}
    assert our_terms["x_Scam"]["standard"] is False
    assert our_terms["ForcedLabour"]["standard"] is True
    assert "x_Scam" not in {t["code"] for t in theirs.get(url).json()}
    assert ours.get("/api/v1/vocabularies/vic_Nothing/terms").status_code == 404
