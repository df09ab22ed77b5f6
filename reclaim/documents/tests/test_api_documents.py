"""The documents API: same gates, checks and audit rows as the pages."""

from __future__ import annotations

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.documents.models import Document
from reclaim.documents.tests.conftest import PDF_BYTES, stored_files, upload


def test_upload_list_read_version_and_download_through_the_api(personas, case_a):
    client = login_client(personas["case_manager"])
    # when a document is uploaded as multipart
    created = client.post(
        f"/api/v1/cases/{case_a.pk}/documents",
        {"file": upload(), "kind": "certification_letter", "title": "HHS letter"},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["kind"], body["confidentiality"], body["title"], body["latest_number"]) == (
        "certification_letter",
        "general",
        "HHS letter",
        1,
    )
    assert body["versions"][0]["content_type"] == "application/pdf"
    # then it is listed and readable
    listed = client.get(f"/api/v1/cases/{case_a.pk}/documents").json()["items"]
    assert [d["id"] for d in listed] == [body["id"]]
    assert client.get(f"/api/v1/documents/{body['id']}").json()["versions"][0]["size"] == len(PDF_BYTES)
    # a new version with the current lock version is accepted; a stale one is a 409
    added = client.post(
        f"/api/v1/documents/{body['id']}/versions", {"file": upload(b"second\n", "v2.txt"), "version": 1}
    )
    assert added.status_code == 201
    assert [v["number"] for v in added.json()["versions"]] == [2, 1]
    stale = client.post(f"/api/v1/documents/{body['id']}/versions", {"file": upload(), "version": 1})
    assert stale.status_code == 409
    # and each version downloads as its own bytes, audited
    first = client.get(f"/api/v1/documents/{body['id']}/versions/1/content")
    assert first.status_code == 200
    assert first.content == PDF_BYTES
    assert first["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/api/v1/documents/{body['id']}/versions/2/content").content == b"second\n"
    assert client.get(f"/api/v1/documents/{body['id']}/versions/3/content").status_code == 404
    assert AuditEvent.objects.filter(action="document.downloaded", object_id=body["id"]).count() == 2


def test_bad_files_get_a_field_error_and_nothing_is_saved(personas, case_a):
    client = login_client(personas["case_manager"])
    for data, code, status in ((b"\x7fELF binary", "documents.type_not_allowed", 415), (b"", None, 400)):
        response = client.post(f"/api/v1/cases/{case_a.pk}/documents", {"file": upload(data), "kind": "other"})
        assert response.status_code == status
        if code:
            assert response.json()["code"] == code
            assert "file" in response.json()["fields"]
    unknown_kind = client.post(f"/api/v1/cases/{case_a.pk}/documents", {"file": upload(), "kind": "selfie"})
    assert unknown_kind.status_code == 422
    assert not Document.objects.exists()
    assert stored_files() == []


def test_clinical_documents_through_the_api(personas, case_a):
    clinic = login_client(personas["clinician"])
    created = clinic.post(
        f"/api/v1/cases/{case_a.pk}/documents",
        {"file": upload(), "kind": "medical_record", "confidentiality": "clinical"},
    )
    assert created.status_code == 201
    document_id = created.json()["id"]
    manager = login_client(personas["case_manager"])
    assert manager.get(f"/api/v1/cases/{case_a.pk}/documents").json()["items"] == []
    assert manager.get(f"/api/v1/documents/{document_id}").status_code == 404
    assert manager.get(f"/api/v1/documents/{document_id}/versions/1/content").status_code == 404
    timeline = manager.get(f"/api/v1/cases/{case_a.pk}/timeline").json()["items"]
    assert "document_added" not in {e["type"] for e in timeline}
    refused = manager.post(
        f"/api/v1/cases/{case_a.pk}/documents",
        {"file": upload(), "kind": "medical_record", "confidentiality": "clinical"},
    )
    assert refused.status_code == 400
    assert "confidentiality" in refused.json()["fields"]


def test_archive_through_the_api(personas, case_a):
    client = login_client(personas["case_manager"])
    document_id = client.post(f"/api/v1/cases/{case_a.pk}/documents", {"file": upload(), "kind": "other"}).json()["id"]
    archived = client.post(
        f"/api/v1/documents/{document_id}/archive",
        {"reason": "Duplicate", "version": 1},
        content_type="application/json",
    )
    assert archived.status_code == 200
    assert archived.json()["archive_reason"] == "Duplicate"
    assert client.get(f"/api/v1/cases/{case_a.pk}/documents").json()["items"] == []
    assert len(client.get(f"/api/v1/cases/{case_a.pk}/documents?include_archived=true").json()["items"]) == 1
