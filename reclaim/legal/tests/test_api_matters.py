"""The legal matters API: open, list, read (audited), change details (409 on stale), move along the steps,
close, deadlines, matter types, documents (multipart; 413 / 415 for refused files, clean file names) and
notes, with privileged step notes, notes and documents for the legal team only."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.documents.models import Document, DocumentVersion
from reclaim.documents.tests.conftest import stored_files
from reclaim.legal.actions import do_add_matter_document, do_add_matter_note, do_advance_step
from reclaim.legal.models import LegalDeadline, LegalMatter, MatterDocument, MatterNote
from reclaim.legal.tests.conftest import shipped

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n% declaration\n%%EOF\n"


def pdf(name: str = "declaration.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_open_list_and_read_a_matter(personas, case):
    client = login_client(personas["legal_advocate"])
    # when the advocate opens a T-visa matter already at "application filed"
    created = client.post(
        f"/api/v1/cases/{case.pk}/legal-matters",
        {
            "matter_type_id": str(shipped("t_visa").pk),
            "start_step": "application_filed",
            "advocate_id": str(personas["legal_advocate"].pk),
            "reference": "EAC-1",
        },
        content_type="application/json",
    )
    # then it stands on that step, with the step's deadline
    assert created.status_code == 201
    body = created.json()
    assert (body["current_step"], body["matter_type"], body["opened_on"]) == ("application_filed", "t_visa", str(TODAY))
    assert body["next_steps"] == ["receipt"]
    assert body["path"][0]["to_step"] == "application_filed"
    deadlines = client.get(f"/api/v1/legal-matters/{body['id']}/deadlines").json()["items"]
    assert [(d["title"], d["days_left"], d["overdue"]) for d in deadlines] == [("Receipt notice expected", 30, False)]
    # and it is listed on the case; reading it is audited
    assert [m["id"] for m in client.get(f"/api/v1/cases/{case.pk}/legal-matters").json()["items"]] == [body["id"]]
    before = AuditEvent.objects.filter(action="legal_matter.read", object_id=body["id"]).count()
    assert client.get(f"/api/v1/legal-matters/{body['id']}").status_code == 200
    assert AuditEvent.objects.filter(action="legal_matter.read", object_id=body["id"]).count() == before + 1


def test_bad_input_is_refused_and_nothing_is_saved(personas, case):
    client = login_client(personas["legal_advocate"])
    url = f"/api/v1/cases/{case.pk}/legal-matters"
    t_visa = str(shipped("t_visa").pk)
    cases = [
        ({"matter_type_id": "00000000-0000-0000-0000-000000000000"}, 400, "matter_type_id"),
        ({"matter_type_id": t_visa, "opened_on": str(TODAY + datetime.timedelta(days=1))}, 400, "opened_on"),
        ({"matter_type_id": t_visa, "start_step": "nonsense"}, 400, "start_step"),
        ({"matter_type_id": t_visa, "advocate_id": str(personas["other_agency_user"].pk)}, 400, "advocate_id"),
        ({"matter_type_id": t_visa, "summary": "x" * 6000}, 422, "summary"),
        ({"matter_type_id": "not-a-uuid"}, 422, "matter_type_id"),
    ]
    for payload, status, field in cases:
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == status, payload
        assert field in response.json()["fields"], payload
    assert not LegalMatter.objects.exists()
    assert not LegalDeadline.objects.exists()


def test_other_agencies_and_non_case_roles_get_404(personas, t_visa):
    for persona in ("other_agency_user", "volunteer", "analyst", "agency_admin"):
        client = login_client(personas[persona])
        assert client.get(f"/api/v1/legal-matters/{t_visa.pk}").status_code == 404
        assert client.get(f"/api/v1/cases/{t_visa.case_id}/legal-matters").status_code == 404
    deadline = LegalDeadline.objects.create(
        agency_id=t_visa.agency_id, matter=t_visa, kind="due", title="x", due_on=TODAY
    )
    response = login_client(personas["other_agency_user"]).post(
        f"/api/v1/legal-deadlines/{deadline.pk}/done", {"version": 1}, content_type="application/json"
    )
    assert response.status_code == 404


def test_details_change_and_a_stale_version_is_409(personas, t_visa):
    client = login_client(personas["case_manager"])
    url = f"/api/v1/legal-matters/{t_visa.pk}"
    changed = client.patch(url, {"version": 1, "reference": "R-1"}, content_type="application/json")
    assert changed.status_code == 200
    assert (changed.json()["reference"], changed.json()["summary"], changed.json()["version"]) == (
        "R-1",
        "Employer kept her passport.",
        2,
    )
    stale = client.patch(url, {"version": 1, "reference": "R-2"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert "R-1" not in str(stale.json())  # names only, never values
    t_visa.refresh_from_db()
    assert t_visa.reference == "R-1"


def test_steps_through_the_api(personas, t_visa):
    client = login_client(personas["legal_advocate"])
    url = f"/api/v1/legal-matters/{t_visa.pk}/transitions"
    wrong = client.post(url, {"to_step": "approved", "version": 1}, content_type="application/json")
    assert wrong.status_code == 422
    assert "to_step" in wrong.json()["fields"]
    moved = client.post(
        url, {"to_step": "application_filed", "version": 1, "note": "Sent by courier."}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["current_step"] == "application_filed"
    stale = client.post(url, {"to_step": "receipt", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    closed = client.post(
        f"/api/v1/legal-matters/{t_visa.pk}/close",
        {"outcome": "withdrawn", "version": 2, "note": "She decided to stop."},
        content_type="application/json",
    )
    assert closed.status_code == 200
    assert (closed.json()["status"], closed.json()["outcome"]) == ("closed", "withdrawn")
    again = client.post(
        f"/api/v1/legal-matters/{t_visa.pk}/close",
        {"outcome": "withdrawn", "version": 3},
        content_type="application/json",
    )
    assert again.status_code == 422


def test_step_notes_and_the_outcome_note_are_privileged(personas, t_visa):
    do_advance_step(
        actor=personas["legal_advocate"],
        matter=t_visa,
        to_step="le_declaration_requested",
        on=TODAY,
        expected_version=1,
        note="Strategy note.",
    )
    for persona in ("case_manager", "clinician"):
        body = login_client(personas[persona]).get(f"/api/v1/legal-matters/{t_visa.pk}").json()
        assert [c["note"] for c in body["path"]] == [None, None]
        assert body["outcome_note"] is None
    body = login_client(personas["legal_advocate"]).get(f"/api/v1/legal-matters/{t_visa.pk}").json()
    assert body["path"][1]["note"] == "Strategy note."


def test_deadlines_through_the_api(personas, t_visa):
    client = login_client(personas["case_manager"])
    bad = client.post(
        f"/api/v1/legal-matters/{t_visa.pk}/deadlines",
        {"kind": "hearing", "title": "Hearing", "due_on": str(TODAY), "reminder_offsets": [-1]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "reminder_offsets" in bad.json()["fields"]
    assert not LegalDeadline.objects.exists()
    added = client.post(
        f"/api/v1/legal-matters/{t_visa.pk}/deadlines",
        {"kind": "hearing", "title": "Hearing", "due_on": str(TODAY - datetime.timedelta(days=2))},
        content_type="application/json",
    )
    assert added.status_code == 201
    deadline = added.json()
    assert (deadline["overdue"], deadline["days_left"], deadline["reminder_offsets"]) == (True, -2, [90, 30, 7])
    moved = client.patch(
        f"/api/v1/legal-deadlines/{deadline['id']}",
        {"version": 1, "due_on": str(TODAY + datetime.timedelta(days=7)), "reminder_offsets": [3]},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert (moved.json()["days_left"], moved.json()["reminder_offsets"], moved.json()["title"]) == (7, [3], "Hearing")
    stale = client.post(
        f"/api/v1/legal-deadlines/{deadline['id']}/done", {"version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    done = client.post(
        f"/api/v1/legal-deadlines/{deadline['id']}/done", {"version": 2}, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["done_on"] == str(TODAY)
    read_only = login_client(personas["program_director"]).post(
        f"/api/v1/legal-deadlines/{deadline['id']}/done", {"version": 3}, content_type="application/json"
    )
    assert read_only.status_code == 403


def test_matter_types_come_with_their_steps(personas):
    types = login_client(personas["case_manager"]).get("/api/v1/legal-matter-types").json()
    t_visa = next(t for t in types if t["code"] == "t_visa")
    assert t_visa["shipped"] is True
    filed = next(s for s in t_visa["steps"] if s["code"] == "application_filed")
    assert (filed["due_in_days"], filed["deadline_label"], filed["next_steps"]) == (
        30,
        "Receipt notice expected",
        ["receipt"],
    )
    assert len(types) >= 15


# --- Documents ------------------------------------------------------------------------------------------------


def test_a_document_upload_is_privileged_by_default_and_hidden_from_other_roles(personas, t_visa):
    advocate = login_client(personas["legal_advocate"])
    url = f"/api/v1/legal-matters/{t_visa.pk}/documents"
    created = advocate.post(url, {"file": pdf(), "title": "Declaration"})
    assert created.status_code == 201
    assert (created.json()["confidentiality"], created.json()["kind"]) == ("legal", "legal_filing")
    document_id = created.json()["id"]
    assert [d["id"] for d in advocate.get(url).json()["items"]] == [document_id]
    assert advocate.get(f"/api/v1/documents/{document_id}/versions/1/content").content == PDF
    for persona in ("case_manager", "clinician"):
        client = login_client(personas[persona])
        assert client.get(url).json()["items"] == []
        assert client.get(f"/api/v1/documents/{document_id}/versions/1/content").status_code == 404
    # a case manager may add general documents only
    manager = login_client(personas["case_manager"])
    refused = manager.post(url, {"file": pdf()})
    assert refused.status_code == 400
    assert "confidentiality" in refused.json()["fields"]
    general = manager.post(url, {"file": pdf(), "confidentiality": "general"})
    assert general.status_code == 201
    assert [d["id"] for d in manager.get(url).json()["items"]] == [general.json()["id"]]


def test_an_oversized_file_is_413_and_a_refused_type_is_415(personas, t_visa, settings):
    client = login_client(personas["legal_advocate"])
    url = f"/api/v1/legal-matters/{t_visa.pk}/documents"
    settings.RECLAIM_DOCUMENT_MAX_BYTES = len(PDF) + 5
    too_large = client.post(url, {"file": pdf(data=PDF + b"x" * 100)})
    assert too_large.status_code == 413
    assert too_large.json()["code"] == "documents.too_large"
    assert "file" in too_large.json()["fields"]
    wrong_type = client.post(url, {"file": pdf("declaration.pdf", b"MZ\x90\x00 an executable")})
    assert wrong_type.status_code == 415
    assert wrong_type.json()["code"] == "documents.type_not_allowed"
    assert not Document.objects.exists()
    assert not MatterDocument.objects.exists()


def test_the_case_documents_endpoints_answer_413_and_415_too(personas, case, settings):
    client = login_client(personas["case_manager"])
    settings.RECLAIM_DOCUMENT_MAX_BYTES = len(PDF) + 5
    url = f"/api/v1/cases/{case.pk}/documents"
    assert client.post(url, {"file": pdf(data=PDF + b"x" * 100), "kind": "other"}).status_code == 413
    assert client.post(url, {"file": pdf(data=b"\x7fELF binary"), "kind": "other"}).status_code == 415
    document_id = client.post(url, {"file": pdf(), "kind": "other"}).json()["id"]
    versions = f"/api/v1/documents/{document_id}/versions"
    assert client.post(versions, {"file": pdf(data=PDF + b"x" * 100), "version": 1}).status_code == 413
    assert client.post(versions, {"file": pdf(data=b"\x7fELF binary"), "version": 1}).status_code == 415


@pytest.mark.parametrize(("sent", "stored"), [("../../etc/passwd.pdf", "passwd.pdf"), ("..\\x.pdf", "x.pdf")])
def test_file_names_with_path_tricks_are_stored_cleanly(personas, t_visa, sent, stored):
    response = login_client(personas["legal_advocate"]).post(
        f"/api/v1/legal-matters/{t_visa.pk}/documents", {"file": pdf(sent)}
    )
    assert response.status_code == 201
    assert response.json()["versions"][0]["original_filename"] == stored
    assert DocumentVersion.objects.get().original_filename == stored


def test_a_failed_link_leaves_no_document_and_no_file(personas, t_visa, monkeypatch):
    """The link is written inside the upload's transaction: if it fails, the upload is undone too."""
    from reclaim.legal import models

    def refuse(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(models.MatterDocument.objects, "create", refuse)  # a broken database, not our code
    with pytest.raises(RuntimeError):
        do_add_matter_document(actor=personas["legal_advocate"], matter=t_visa, upload=pdf())
    assert not Document.objects.exists()
    assert stored_files() == []


# --- Notes ---------------------------------------------------------------------------------------------------


def test_notes_through_the_api(personas, t_visa):
    advocate = login_client(personas["legal_advocate"])
    url = f"/api/v1/legal-matters/{t_visa.pk}/notes"
    empty = advocate.post(url, {"body": "  "}, content_type="application/json")
    assert empty.status_code == 422  # a value wrong on its own (docs/api/README.md)
    assert "body" in empty.json()["fields"]
    assert not MatterNote.objects.exists()
    legal = advocate.post(url, {"body": "Privileged advice."}, content_type="application/json")
    assert legal.status_code == 201
    assert legal.json()["confidentiality"] == "legal"
    do_add_matter_note(
        actor=personas["case_manager"], matter=t_visa, body="Interpreter booked.", confidentiality="general"
    )
    assert {n["body"] for n in advocate.get(url).json()["items"]} == {"Interpreter booked.", "Privileged advice."}
    for persona in ("case_manager", "clinician"):
        notes = login_client(personas[persona]).get(url).json()["items"]
        assert [n["body"] for n in notes] == ["Interpreter booked."]
    refused = login_client(personas["case_manager"]).post(url, {"body": "Mine."}, content_type="application/json")
    assert refused.status_code == 400
    assert MatterNote.objects.count() == 2
    assert AuditEvent.objects.filter(action="case.notes_read", object_id=str(t_visa.case_id)).exists()
