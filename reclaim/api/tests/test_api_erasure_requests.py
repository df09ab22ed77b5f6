"""Erasure requests through the API: recorded from a case by its workers, listed and decided by the agency admin
(never by the recorder), refused while a legal hold applies."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case, CaseAssignment
from reclaim.documents.actions import do_upload_document
from reclaim.documents.files import document_storage
from reclaim.documents.models import DocumentVersion
from reclaim.people.models import Survivor
from reclaim.retention.actions import do_lift_legal_hold, do_place_legal_hold, do_record_erasure_request
from reclaim.retention.models import ErasureRequest, ErasureStatus, PendingFileDeletion
from reclaim.retention.tests.support import recorded_erasure_request

REQUESTS = "/api/v1/erasure-requests"
BODY = {"requested_on": "2026-01-05", "requested_by": "survivor", "verification": "in_person"}


@pytest.fixture
def case(agency, personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    CaseAssignment.objects.create(agency=agency, case=case, user=personas["legal_advocate"])
    return case


def _post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", headers=headers)


def test_case_manager_records_a_request_and_the_admin_sees_it_pending(personas, client_as, case, survivor_a):
    url = f"/api/v1/cases/{case.pk}/erasure-requests"
    # when the case manager records the request
    recorded = _post(client_as("case_manager"), url, {**BODY, "requested_on": timezone.localdate().isoformat()})
    # then it waits for the admin, and the case says so
    assert recorded.status_code == 201, recorded.content
    body = recorded.json()
    assert (body["status"], body["survivor_id"], body["verified_by_id"]) == (
        "pending",
        str(survivor_a.pk),
        str(personas["case_manager"].pk),
    )
    assert client_as("case_manager").get(f"/api/v1/cases/{case.pk}/retention").json()["erasure_request_pending"]
    listed = client_as("agency_admin").get(REQUESTS).json()
    assert [(r["id"], r["status"], r["blocked_by_legal_hold"]) for r in listed["items"]] == [
        (body["id"], "pending", False)
    ]
    # and the person's name is nowhere in the answers
    assert "Marisol" not in recorded.content.decode()
    # when another request for the same person is recorded while it waits: refused by the rule
    again = _post(client_as("supervisor"), url, BODY)
    assert (again.status_code, again.json()["code"]) == (400, "retention.erasure_pending")
    assert ErasureRequest.objects.count() == 1


def test_recording_needs_the_right_to_edit_the_case_and_good_values(personas, client_as, case):
    url = f"/api/v1/cases/{case.pk}/erasure-requests"
    assert _post(client_as("program_director"), url, BODY).status_code == 403  # reads cases, edits none
    for persona in ("agency_admin", "analyst", "other_agency_user"):
        assert _post(client_as(persona), url, BODY).status_code == 404
    manager = client_as("case_manager")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused: list[tuple[dict[str, Any], str]] = [
        ({"requested_on": tomorrow}, "requested_on"),
        ({"requested_on": "last week"}, "requested_on"),
        ({"requested_by": "a neighbour"}, "requested_by"),
        ({"verification": "trust"}, "verification"),
        ({"verification": None}, "verification"),
    ]
    for values, field in refused:
        response = _post(manager, url, {**BODY, **values})
        assert response.status_code == 422, (values, response.content)
        assert field in response.json()["fields"], response.json()
        assert "neighbour" not in response.content.decode()  # the values sent are not echoed
    assert not ErasureRequest.objects.exists()


def test_admin_declines_but_not_their_own_request_and_not_twice(personas, client_as, case, survivor_a):
    request = recorded_erasure_request(personas, survivor_a)
    url = f"{REQUESTS}/{request.pk}/decision"
    admin = client_as("agency_admin")
    # a stale version: 409
    stale = _post(admin, url, {"version": 0, "approve": False})
    assert (stale.status_code, stale.json()["current_version"]) == (409, 1)
    # when the admin declines with a comment
    declined = _post(admin, url, {"version": 1, "approve": False, "comment": "A court order forbids it"})
    # then the request is declined and the person's records are all there
    assert declined.status_code == 200, declined.content
    assert (declined.json()["status"], declined.json()["decided_by_id"]) == (
        "declined",
        str(personas["agency_admin"].pk),
    )
    assert "court order" not in declined.content.decode()  # the comment is kept encrypted, not shown
    assert Survivor.objects.filter(pk=survivor_a.pk).exists()
    # and deciding it again is refused by the rule
    again = _post(admin, url, {"version": 2, "approve": True})
    assert (again.status_code, again.json()["code"]) == (400, "retention.erasure_decided")
    # and only declined ones are listed with the filter
    assert [r["status"] for r in admin.get(f"{REQUESTS}?status=declined").json()["items"]] == ["declined"]
    assert admin.get(f"{REQUESTS}?status=pending").json()["items"] == []
    assert admin.get(f"{REQUESTS}?status=maybe").status_code == 422


def test_the_recorder_cannot_decide_and_other_staff_may_not(personas, client_as, case, survivor_a):
    request = do_record_erasure_request(
        actor=personas["agency_admin"],
        survivor=survivor_a,
        requested_on=timezone.localdate(),
        requested_by="guardian",
        verification="representative_papers",
    )
    url = f"{REQUESTS}/{request.pk}/decision"
    own = _post(client_as("agency_admin"), url, {"version": 1, "approve": True})
    assert (own.status_code, own.json()["code"]) == (400, "retention.erasure_own_request")
    for persona in ("supervisor", "legal_advocate", "program_director"):
        assert _post(client_as(persona), url, {"version": 1, "approve": True}).status_code == 403
        assert client_as(persona).get(REQUESTS).status_code == 403
    assert _post(client_as("other_agency_admin"), url, {"version": 1, "approve": True}).status_code == 404
    assert client_as("other_agency_admin").get(REQUESTS).json()["items"] == []
    assert ErasureRequest.objects.get().status == ErasureStatus.PENDING
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_legal_hold_blocks_approval_until_it_is_lifted(personas, client_as, case, survivor_a):
    request = recorded_erasure_request(personas, survivor_a)
    hold = do_place_legal_hold(actor=personas["legal_advocate"], case=case, reason="Subpoena")
    admin = client_as("agency_admin")
    # the list says the request is blocked
    assert admin.get(REQUESTS).json()["items"][0]["blocked_by_legal_hold"] is True
    # approving is refused and nothing is erased
    refused = _post(admin, f"{REQUESTS}/{request.pk}/decision", {"version": 1, "approve": True})
    assert (refused.status_code, refused.json()["code"]) == (400, "retention.legal_hold")
    assert Case.objects.filter(pk=case.pk).exists()
    assert ErasureRequest.objects.get().status == ErasureStatus.PENDING
    # once lifted, it is no longer blocked
    do_lift_legal_hold(actor=personas["legal_advocate"], hold=hold, reason="Trial over")
    assert admin.get(REQUESTS).json()["items"][0]["blocked_by_legal_hold"] is False


def test_approval_with_an_idempotency_key_erases_once_and_removes_the_files_after_commit(
    personas, client_as, case, survivor_a, django_capture_on_commit_callbacks
):
    # given a document on the case and a recorded request
    document = do_upload_document(
        actor=personas["case_manager"],
        survivor=survivor_a,
        case=case,
        kind="correspondence",
        upload=SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n% erasure test\n", content_type="application/pdf"),
    )
    stored = DocumentVersion.objects.get(document=document).storage_name
    request = recorded_erasure_request(personas, survivor_a)
    url = f"{REQUESTS}/{request.pk}/decision"
    admin = client_as("agency_admin")
    # when the admin approves, with an Idempotency-Key, and the request is sent again
    with django_capture_on_commit_callbacks(execute=True):
        approved = _post(admin, url, {"version": 1, "approve": True}, **{"Idempotency-Key": "erase-1"})
    replay = _post(admin, url, {"version": 1, "approve": True}, **{"Idempotency-Key": "erase-1"})
    # then the person, the case and the stored file are gone, the counts are kept, and the retry got the same answer
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "done"
    assert approved.json()["counts"]["cases.Case"] == 1, approved.json()["counts"]
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == approved.json()
    assert not Survivor.objects.filter(pk=survivor_a.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not PendingFileDeletion.objects.exists()
    assert not document_storage().exists(stored)
