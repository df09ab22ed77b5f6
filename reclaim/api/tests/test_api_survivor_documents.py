"""GET/POST /survivors/{id}/documents: documents on a survivor's record (the person page's documents tab)."""

from __future__ import annotations

from reclaim.cases.actions import do_open_case
from reclaim.documents.actions import do_upload_document
from reclaim.documents.models import Document
from reclaim.documents.tests.conftest import stored_files, upload


def _url(survivor):
    return f"/api/v1/survivors/{survivor.pk}/documents"


def test_upload_on_the_record_and_list_with_the_cases_documents(personas, survivor_a, client_as):
    # given a document already on one of the survivor's cases
    manager = personas["case_manager"]
    case = do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team)
    on_case = do_upload_document(actor=manager, survivor=survivor_a, case=case, kind="correspondence", upload=upload())
    client = client_as("case_manager")
    # when a document is uploaded to the survivor's record (multipart)
    created = client.post(_url(survivor_a), {"file": upload(), "kind": "identity_document", "title": "Passport copy"})
    # then it belongs to the person and to no case
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["survivor_id"], body["case_id"], body["kind"], body["title"], body["latest_number"]) == (
        str(survivor_a.pk),
        None,
        "identity_document",
        "Passport copy",
        1,
    )
    # and the list holds both, newest first, as the person's documents page does
    listed = client.get(_url(survivor_a))
    assert listed.status_code == 200
    assert [d["id"] for d in listed.json()["items"]] == [body["id"], str(on_case.pk)]
    # while the case's own list does not show the record's document
    assert [d["id"] for d in client.get(f"/api/v1/cases/{case.pk}/documents").json()["items"]] == [str(on_case.pk)]


def test_bad_uploads_are_refused_and_nothing_is_saved(personas, survivor_a, client_as):
    client = client_as("case_manager")
    refused = client.post(_url(survivor_a), {"file": upload(b"\x7fELF binary"), "kind": "other"})
    assert refused.status_code == 415
    assert refused.json()["code"] == "documents.type_not_allowed"
    assert client.post(_url(survivor_a), {"file": upload(), "kind": "selfie"}).status_code == 422
    assert client.post(_url(survivor_a), {"kind": "other"}).status_code == 422  # no file
    # a level the caller may not see (clinical, for a case manager) is refused too
    clinical = client.post(
        _url(survivor_a), {"file": upload(), "kind": "medical_record", "confidentiality": "clinical"}
    )
    assert clinical.status_code == 400
    assert "confidentiality" in clinical.json()["fields"]
    assert not Document.objects.exists()
    assert stored_files() == []


def test_readers_cannot_upload_other_agencies_get_404(personas, survivor_a, survivor_b, client_as):
    assert client_as("program_director").get(_url(survivor_a)).status_code == 200
    assert client_as("program_director").post(_url(survivor_a), {"file": upload(), "kind": "other"}).status_code == 403
    for persona in ("other_agency_user", "analyst"):
        assert client_as(persona).get(_url(survivor_a)).status_code == 404
        assert client_as(persona).post(_url(survivor_a), {"file": upload(), "kind": "other"}).status_code == 404
    assert not Document.objects.exists()
