"""Uploads, versions, archive and download through the actions: encrypted at rest, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reclaim.accounts.models import User
from reclaim.cases.models import CaseEvent
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent
from reclaim.documents.actions import (
    do_add_document_version,
    do_archive_document,
    do_download_version,
    do_upload_document,
)
from reclaim.documents.models import Document, DocumentVersion
from reclaim.documents.tests.conftest import PDF_BYTES, SECRET_LINE, odt_bytes, stored_files, upload


def test_upload_encrypts_before_storage_and_downloads_the_same_bytes(personas, case_a):
    # given a PDF with a recognisable line in it
    manager = personas["case_manager"]
    # when it is uploaded to the case
    document = do_upload_document(
        actor=manager,
        survivor=case_a.survivor,
        case=case_a,
        kind="identity_document",
        title="Passport copy",
        upload=upload(),
    )
    # then exactly one file is stored, and neither the content nor the file name is in it or its path
    [path] = stored_files()
    raw = path.read_bytes()
    assert SECRET_LINE not in raw
    assert b"%PDF" not in raw
    assert "Marisol" not in str(path)
    assert "passport" not in str(path).lower()
    # and the version records the real type, size and name
    version = DocumentVersion.objects.get(document=document)
    assert (version.number, version.content_type, version.size) == (1, "application/pdf", len(PDF_BYTES))
    assert version.original_filename == "Marisol-passport.pdf"
    # and the download gives back the same bytes and writes an audit row
    before = AuditEvent.objects.filter(action="document.downloaded").count()
    assert do_download_version(actor=manager, document=document, version=version) == PDF_BYTES
    assert AuditEvent.objects.filter(action="document.downloaded", object_id=str(document.pk)).count() == before + 1


def test_upload_adds_a_timeline_event_with_ids_and_codes_only(personas, case_a):
    document = do_upload_document(
        actor=personas["case_manager"],
        survivor=case_a.survivor,
        case=case_a,
        kind="signed_consent",
        title="Consent signed by Marisol",
        upload=upload(),
    )
    event = CaseEvent.objects.get(case=case_a, type="document_added")
    assert event.parameters == {
        "document_id": str(document.pk),
        "kind": "signed_consent",
        "confidentiality": "general",
    }
    assert "Marisol" not in str(AuditEvent.objects.filter(object_id=str(document.pk)).values_list("detail", flat=True))


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"MZ\x90\x00 an executable renamed to pdf", "report.pdf", "documents.type_not_allowed"),
        (b"<html><script>alert(1)</script>\x00</html>", "page.pdf", "documents.type_not_allowed"),
        (b"", "empty.pdf", "documents.empty_file"),
        (PDF_BYTES + b"x" * 100, "big.pdf", "documents.too_large"),
    ],
)
def test_refused_files_leave_no_row_and_no_file(personas, case_a, settings, data, name, code):
    # given a size limit just above the sample PDF
    settings.RECLAIM_DOCUMENT_MAX_BYTES = len(PDF_BYTES) + 10
    # when a file of the wrong type, an empty one or one too big is uploaded
    with pytest.raises(DomainError) as refused:
        do_upload_document(
            actor=personas["case_manager"],
            survivor=case_a.survivor,
            case=case_a,
            kind="other",
            upload=SimpleUploadedFile(name, data, content_type="application/pdf"),
        )
    # then the error names the file field, and nothing is saved anywhere
    assert refused.value.code == code
    assert list(refused.value.fields) == ["file"]
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


def test_a_failed_database_write_removes_the_stored_file(personas, case_a):
    # given an actor that is not in the database, so saving the row fails after the file is written
    ghost = User(email="ghost@a.example", display_name="ghost")
    # when the upload is attempted
    with pytest.raises(ValidationError, match="uploaded_by"):
        do_upload_document(actor=ghost, survivor=case_a.survivor, case=case_a, kind="other", upload=upload())
    # then neither a row nor a file is left behind
    assert not Document.objects.exists()
    assert stored_files() == []


def test_staff_cannot_file_at_a_level_they_cannot_see(personas, case_a):
    with pytest.raises(DomainError) as refused:
        do_upload_document(
            actor=personas["case_manager"],
            survivor=case_a.survivor,
            case=case_a,
            kind="medical_record",
            confidentiality="clinical",
            upload=upload(),
        )
    assert "confidentiality" in refused.value.fields
    assert stored_files() == []


def test_new_versions_are_numbered_and_stale_ones_conflict(personas, case_a):
    manager = personas["case_manager"]
    document = do_upload_document(
        actor=manager, survivor=case_a.survivor, case=case_a, kind="legal_filing", upload=upload()
    )
    # when a second version is uploaded with the version the form loaded
    second = do_add_document_version(
        actor=manager, document=document, upload=upload(odt_bytes(), "filing.odt"), expected_version=1
    )
    # then it is number 2, the document moved on, and both files are kept
    document.refresh_from_db()
    assert (second.number, document.latest_number, document.version) == (2, 2, 2)
    assert second.content_type == "application/vnd.oasis.opendocument.text"
    assert len(stored_files()) == 2
    assert do_download_version(actor=manager, document=document, version=second) == odt_bytes()
    # and a form still holding version 1 gets a conflict, storing nothing
    with pytest.raises(EditConflict):
        do_add_document_version(actor=manager, document=document, upload=upload(), expected_version=1)
    assert len(stored_files()) == 2
    assert DocumentVersion.objects.filter(document=document).count() == 2
    assert CaseEvent.objects.filter(case=case_a, type="document_version_added").count() == 1


def test_archive_needs_a_reason_and_keeps_the_files(personas, case_a):
    manager = personas["case_manager"]
    document = do_upload_document(actor=manager, survivor=case_a.survivor, case=case_a, kind="other", upload=upload())
    with pytest.raises(DomainError) as refused:
        do_archive_document(actor=manager, document=document, reason="  ", expected_version=1)
    assert "reason" in refused.value.fields
    archived = do_archive_document(
        actor=manager, document=document, reason="Uploaded to the wrong case", expected_version=1
    )
    assert archived.archived_at is not None
    assert archived.archive_reason == "Uploaded to the wrong case"
    assert len(stored_files()) == 1
    with pytest.raises(DomainError):
        do_add_document_version(actor=manager, document=archived, upload=upload(), expected_version=archived.version)


def test_a_file_swapped_for_another_does_not_decrypt(personas, case_a):
    # given two documents of the same agency
    manager = personas["case_manager"]
    first = do_upload_document(actor=manager, survivor=case_a.survivor, case=case_a, kind="other", upload=upload())
    second = do_upload_document(
        actor=manager, survivor=case_a.survivor, case=case_a, kind="other", upload=upload(b"%PDF-1.4 other")
    )
    v1, v2 = DocumentVersion.objects.get(document=first), DocumentVersion.objects.get(document=second)
    # when someone with disk access copies the second file over the first
    from django.core.files.storage import storages

    storage = storages["documents"]
    with storage.open(v2.storage_name, "rb") as handle:
        swapped = handle.read()
    with open(storage.path(v1.storage_name), "wb") as handle:
        handle.write(swapped)
    # then the download is refused (the ciphertext is bound to its document version), and audited
    with pytest.raises(DomainError) as refused:
        do_download_version(actor=manager, document=first, version=v1)
    assert refused.value.code == "documents.unreadable"
    assert AuditEvent.objects.filter(action="document.unreadable", object_id=str(first.pk)).exists()
