"""Legal holds through the API: a case's holds (read by its readers, placed and lifted by the legal team), the
agency admin's list of active holds and placing one by case number."""

from __future__ import annotations

import pytest

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.retention.actions import do_lift_legal_hold, do_place_legal_hold
from reclaim.retention.models import LegalHold
from reclaim.retention.tests.support import audit_mark, audit_since

HOLDS = "/api/v1/legal-holds"


@pytest.fixture
def case(agency, personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.create(agency=agency, case=case, user=personas["legal_advocate"])  # as the matrix does
    return case


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_legal_advocate_places_reads_and_lifts_a_hold_on_a_case(personas, client_as, case):
    advocate = client_as("legal_advocate")
    url = f"/api/v1/cases/{case.pk}/legal-holds"
    mark = audit_mark()
    # when the legal advocate places a hold
    placed = _post(advocate, url, {"reason": "Witness in a trial"})
    # then it is active, and the case says why it is held
    assert placed.status_code == 201, placed.content
    hold = placed.json()
    assert (hold["case_id"], hold["case_number"], hold["active"]) == (str(case.pk), case.number, True)
    assert hold["placed_by_id"] == str(personas["legal_advocate"].pk)
    status = client_as("case_manager").get(f"/api/v1/cases/{case.pk}/retention").json()
    assert status == {"held": True, "held_because": ["legal_hold"], "erasure_request_pending": False}
    # when a second one is placed while it holds: refused by the rule
    again = _post(advocate, url, {"reason": "Another"})
    assert (again.status_code, again.json()["code"]) == (400, "retention.hold_exists")
    # when it is lifted with a reason
    lifted = _post(advocate, f"{HOLDS}/{hold['id']}/lift", {"reason": "Trial over"})
    assert lifted.status_code == 200, lifted.content
    assert (lifted.json()["active"], lifted.json()["lifted_by_id"]) == (False, str(personas["legal_advocate"].pk))
    # then the case's readers see it, lifted, and the audit rows carry no reason text
    listed = client_as("supervisor").get(url).json()
    assert [(h["id"], h["active"], h["reason"]) for h in listed["items"]] == [(hold["id"], False, "Witness in a trial")]
    assert listed["next_cursor"] is None
    rows = [row for row in audit_since(mark) if row.action.startswith("retention.")]
    assert [row.action for row in rows] == ["retention.hold_placed", "retention.hold_lifted"]
    assert all("Witness" not in str(row.detail) and "Trial" not in str(row.detail) for row in rows)
    # and lifting it again finds no active hold
    assert _post(advocate, f"{HOLDS}/{hold['id']}/lift", {"reason": "Again"}).status_code == 404


def test_case_holds_need_the_capability_and_the_case(personas, client_as, case):
    url = f"/api/v1/cases/{case.pk}/legal-holds"
    # readers of the case without `places_legal_holds`: they read, may not place
    assert client_as("case_manager").get(url).status_code == 200
    assert _post(client_as("case_manager"), url, {"reason": "x"}).status_code == 403
    # the agency admin sees no case records (they use the case number), nor does another agency
    for persona in ("agency_admin", "other_agency_user", "other_agency_admin"):
        assert client_as(persona).get(url).status_code == 404
        assert _post(client_as(persona), url, {"reason": "x"}).status_code == 404
    # the case manager cannot lift the advocate's hold either
    hold = do_place_legal_hold(actor=personas["legal_advocate"], case=case, reason="Subpoena")
    assert _post(client_as("case_manager"), f"{HOLDS}/{hold.pk}/lift", {"reason": "x"}).status_code == 403
    assert _post(client_as("other_agency_admin"), f"{HOLDS}/{hold.pk}/lift", {"reason": "x"}).status_code == 404
    assert LegalHold.objects.get().is_active


def test_bad_reasons_are_422_and_nothing_is_saved(personas, client_as, case):
    advocate = client_as("legal_advocate")
    url = f"/api/v1/cases/{case.pk}/legal-holds"
    for body, code in [
        ({"reason": "   "}, "retention.reason_required"),
        ({"reason": "x" * 2001}, "invalid"),
        ({}, "invalid"),
        ({"reason": ["a list"]}, "invalid"),
    ]:
        response = _post(advocate, url, body)
        assert (response.status_code, response.json()["code"]) == (422, code), (body, response.content)
        assert "reason" in response.json()["fields"]
    assert advocate.post(url, "not json", content_type="application/json").status_code == 400
    assert not LegalHold.objects.exists()
    # and lifting without a reason leaves the hold in place
    hold = do_place_legal_hold(actor=personas["legal_advocate"], case=case, reason="Subpoena")
    response = _post(advocate, f"{HOLDS}/{hold.pk}/lift", {"reason": ""})
    assert response.status_code == 422
    assert LegalHold.objects.get().is_active


def test_admin_lists_active_holds_places_one_by_number_and_lifts_it(personas, client_as, case, survivor_a):
    admin = client_as("agency_admin")
    # given an active hold on another case, and a lifted one
    other = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    old = do_place_legal_hold(actor=personas["legal_advocate"], case=other, reason="Old")
    do_lift_legal_hold(actor=personas["legal_advocate"], hold=old, reason="Done")
    do_place_legal_hold(actor=personas["legal_advocate"], case=other, reason="Subpoena")
    # when the admin places one by the case's number
    placed = _post(admin, HOLDS, {"case_number": f" {case.number} ", "reason": "Court order"})
    assert placed.status_code == 201, placed.content
    assert placed.json()["case_id"] == str(case.pk)
    # then the list shows the two active holds, newest first, with their case numbers
    listed = admin.get(HOLDS).json()["items"]
    assert [(h["case_number"], h["reason"]) for h in listed] == [
        (case.number, "Court order"),
        (other.number, "Subpoena"),
    ]
    # and it pages
    first = admin.get(f"{HOLDS}?limit=1").json()
    second = admin.get(f"{HOLDS}?limit=1&cursor={first['next_cursor']}").json()
    assert [h["id"] for h in first["items"] + second["items"]] == [h["id"] for h in listed]
    # when the admin lifts it
    lifted = _post(admin, f"{HOLDS}/{placed.json()['id']}/lift", {"reason": "Order withdrawn"})
    assert lifted.status_code == 200
    assert [h["case_number"] for h in admin.get(HOLDS).json()["items"]] == [other.number]


def test_admin_by_number_refusals(personas, client_as, case):
    admin = client_as("agency_admin")
    # an unknown number (or another agency's): a rule about other records, naming the field
    unknown = _post(admin, HOLDS, {"case_number": "NO-SUCH", "reason": "Court order"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "retention.case_not_found")
    assert "case_number" in unknown.json()["fields"]
    other_admin = _post(client_as("other_agency_admin"), HOLDS, {"case_number": case.number, "reason": "x"})
    assert other_admin.status_code == 400
    # bad values: 422
    for body in ({"case_number": "", "reason": "x"}, {"case_number": case.number, "reason": " "}, {"reason": "x"}):
        assert _post(admin, HOLDS, body).status_code == 422, body
    # staff without `manages_retention`: 403, to read the list or to place one
    for persona in ("legal_advocate", "program_director", "supervisor"):
        assert client_as(persona).get(HOLDS).status_code == 403
        assert _post(client_as(persona), HOLDS, {"case_number": case.number, "reason": "x"}).status_code == 403
    assert not LegalHold.objects.exists()
