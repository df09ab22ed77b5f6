"""A survivor's request to be forgotten: recorded, decided by someone else, refused while a hold applies."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from reclaim.cases.actions import do_add_note, do_open_case
from reclaim.cases.models import Case
from reclaim.core.errors import DomainError
from reclaim.documents.actions import do_upload_document
from reclaim.documents.files import document_storage
from reclaim.documents.models import DocumentVersion
from reclaim.people.models import Survivor, SurvivorMatchKey
from reclaim.retention.actions import (
    LegalHoldApplies,
    do_decide_erasure_request,
    do_lift_legal_hold,
    do_place_legal_hold,
)
from reclaim.retention.models import ErasureRequest, ErasureStatus, PendingFileDeletion
from reclaim.retention.tests.support import audit_mark, audit_since, recorded_erasure_request


@pytest.fixture
def open_case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    do_add_note(
        actor=personas["case_manager"],
        case=case,
        confidentiality="general",
        kind="phone_call",
        body="Moved to Oakfield",
    )
    return case


def test_approved_request_erases_every_case_and_the_person(personas, survivor_a, open_case):
    # given a second case and a recorded request
    do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    request = recorded_erasure_request(personas, survivor_a)
    mark = audit_mark()
    # when the agency admin approves it
    request = do_decide_erasure_request(
        actor=personas["agency_admin"], request=request, approve=True, comment="", expected_version=request.version
    )
    # then the person, their cases and their blocking keys are gone, and the request remains without them
    assert not Survivor.objects.filter(pk=survivor_a.pk).exists()
    assert not Case.objects.filter(survivor_id=survivor_a.pk).exists()
    assert not SurvivorMatchKey.objects.filter(survivor_id=survivor_a.pk).exists()
    request = ErasureRequest.objects.get(pk=request.pk)
    assert (request.status, request.survivor_id, request.survivor_ref) == (ErasureStatus.DONE, None, survivor_a.pk)
    assert request.counts["cases.Case"] == 2
    # and the audit rows name ids and counts only
    rows = audit_since(mark)
    assert [r.action for r in rows] == [
        "retention.case_purged",
        "retention.case_purged",
        "retention.survivor_purged",
        "retention.erasure_completed",
    ]
    text = json.dumps([r.detail for r in rows]) + "".join(r.object_id + r.purpose for r in rows)
    for marker in ("Marisol", "Quintanilla", "010 4477", "Oakfield", "1996"):
        assert marker not in text


def test_a_legal_hold_refuses_approval_and_the_request_stays_open(personas, survivor_a, open_case):
    # given a hold on the person's case and a recorded request
    hold = do_place_legal_hold(actor=personas["legal_advocate"], case=open_case, reason="Witness in a prosecution")
    request = recorded_erasure_request(personas, survivor_a)
    # when the admin approves it
    with pytest.raises(LegalHoldApplies) as caught:
        do_decide_erasure_request(
            actor=personas["agency_admin"], request=request, approve=True, comment="", expected_version=request.version
        )
    # then nothing is erased, the message says why, and the request is still pending
    assert caught.value.code == "retention.legal_hold"
    assert "legal hold" in caught.value.message
    assert Case.objects.filter(pk=open_case.pk).exists()
    request.refresh_from_db()
    assert request.status == ErasureStatus.PENDING
    # when the hold is lifted, the same request can be approved
    do_lift_legal_hold(actor=personas["legal_advocate"], hold=hold, reason="Case dismissed")
    do_decide_erasure_request(
        actor=personas["agency_admin"], request=request, approve=True, comment="", expected_version=request.version
    )
    assert not Survivor.objects.filter(pk=survivor_a.pk).exists()


def test_whoever_recorded_the_request_cannot_decide_it(personas, survivor_a, open_case):
    # given a request recorded by the case manager
    request = recorded_erasure_request(personas, survivor_a)
    # when the same person tries to decide it
    with pytest.raises(DomainError) as caught:
        do_decide_erasure_request(
            actor=personas["case_manager"], request=request, approve=True, comment="", expected_version=request.version
        )
    # then it is refused
    assert caught.value.code == "retention.erasure_own_request"
    assert Survivor.objects.filter(pk=survivor_a.pk).exists()


def test_a_declined_request_keeps_everything_and_a_second_pending_one_is_refused(personas, survivor_a, open_case):
    # given a pending request
    request = recorded_erasure_request(personas, survivor_a)
    # when a second one is recorded
    with pytest.raises(DomainError) as caught:
        recorded_erasure_request(personas, survivor_a)
    assert caught.value.code == "retention.erasure_pending"
    # when the first is declined
    request = do_decide_erasure_request(
        actor=personas["agency_admin"],
        request=request,
        approve=False,
        comment="Funder audit open",
        expected_version=request.version,
    )
    # then the data stays and a new request may be recorded later
    assert request.status == ErasureStatus.DECLINED
    assert Case.objects.filter(pk=open_case.pk).exists()
    assert recorded_erasure_request(personas, survivor_a).status == ErasureStatus.PENDING


def test_decision_runs_inside_a_callers_transaction_and_removes_files_after_commit(
    personas, survivor_a, open_case, django_capture_on_commit_callbacks
):
    # given a document on the case (a stored file) and a recorded request
    upload = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n% erasure\n", content_type="application/pdf")
    document = do_upload_document(
        actor=personas["case_manager"], survivor=survivor_a, case=open_case, kind="correspondence", upload=upload
    )
    stored = DocumentVersion.objects.get(document=document).storage_name
    request = recorded_erasure_request(personas, survivor_a)
    # when it is approved inside a transaction of the caller's (as an API request with an Idempotency-Key runs)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        do_decide_erasure_request(
            actor=personas["agency_admin"], request=request, approve=True, comment="", expected_version=1
        )
        # then the file is still there until that transaction commits
        assert document_storage().exists(stored)
    assert len(callbacks) == 1
    callbacks[0]()
    # and is gone, with its note, once the commit's callback ran
    assert not document_storage().exists(stored)
    assert not PendingFileDeletion.objects.exists()
    assert not Survivor.objects.filter(pk=survivor_a.pk).exists()
