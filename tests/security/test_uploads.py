"""Attacks through uploads: path-traversal names, files whose name and declared type lie (an executable or an HTML
page sent as a PDF), and files over the size limit.

Generated from the permission matrix's multipart API operations that take a document, an attachment or a campaign
material (the data imports have their own reader and limits, tested in reclaim/interop/tests/), each posted by a
persona the matrix lets through, plus the document page form. Types are decided from the bytes
(reclaim/documents/files.py), never from the name or the declared type.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import login_client
from reclaim.documents.models import Document
from tests.test_permission_matrix import API_MATRIX

PDF = b"%PDF-1.4\n% upload attack test\n"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run in DOS"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
TRAVERSAL_NAMES = ["../../../../etc/cron.d/evil.pdf", "..\\..\\windows\\system32\\evil.pdf", "/etc/passwd.pdf"]
LIMIT = 4096
# A field error (400, 422), or the API's "too large" (413) and "type not accepted" (415).
REFUSED = (400, 413, 415, 422)

UPLOAD_OPERATIONS = sorted(
    op
    for op, entry in API_MATRIX.items()
    if len(entry) > 3 and entry[3] == "multipart" and op[1] not in ("/api/v1/imports", "/api/v1/directory/hsds.zip")
)


def _persona(op: tuple[str, str]) -> str:
    table = API_MATRIX[op][1]
    return next(p for p in ("case_manager", "outreach_coordinator") if table[p] in (200, 201))


def _post(op: tuple[str, str], personas: dict[str, Any], objects: dict[str, Any], upload: SimpleUploadedFile) -> Any:
    url_for, _table, body_for = API_MATRIX[op][:3]
    body = body_for(objects)
    file_fields = [name for name, value in body.items() if isinstance(value, SimpleUploadedFile)]
    assert len(file_fields) == 1, op
    body[file_fields[0]] = upload
    return login_client(personas[_persona(op)]).post(url_for(objects), body)


def _dicts(value: Any) -> list[dict[str, Any]]:
    """Every JSON object in a response body, nested ones included."""
    if isinstance(value, dict):
        return [value, *(d for v in value.values() for d in _dicts(v))]
    if isinstance(value, list):
        return [d for v in value for d in _dicts(v)]
    return []


def test_every_upload_operation_is_attacked():
    assert len(UPLOAD_OPERATIONS) == 6


@pytest.fixture
def small_limits(settings, monkeypatch):
    settings.RECLAIM_DOCUMENT_MAX_BYTES = LIMIT
    settings.RECLAIM_MATERIAL_MAX_BYTES = LIMIT
    monkeypatch.setattr("reclaim.connect.message_actions.MAX_ATTACHMENT_BYTES", LIMIT)


def test_lying_and_oversized_files_are_refused_everywhere(personas, objects, small_limits):
    attacks = {
        "exe named .pdf": SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf"),
        "exe named .png": SimpleUploadedFile("photo.png", EXE, content_type="image/png"),
        "over the limit": SimpleUploadedFile("big.pdf", PDF + b"0" * LIMIT, content_type="application/pdf"),
        "empty": SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"),
    }
    accepted = {}
    for op in UPLOAD_OPERATIONS:
        for attack, upload in attacks.items():
            upload.seek(0)
            # when a persona allowed to upload sends the file
            response = _post(op, personas, objects, upload)
            # then it is refused with a field error, not stored, and not a server error
            if response.status_code not in REFUSED:
                accepted[f"{op[1]}: {attack}"] = response.status_code
    assert accepted == {}


def test_an_html_page_sent_as_a_pdf_is_never_served_as_html(personas, objects):
    for op in UPLOAD_OPERATIONS:
        # when an HTML page is uploaded under a .pdf name with a PDF content type
        response = _post(op, personas, objects, SimpleUploadedFile("report.pdf", HTML, content_type="application/pdf"))
        # then it is refused, or kept as plain text (what its bytes are), never as a PDF or a web page
        assert response.status_code in (200, 201, *REFUSED), op
        assert b"text/html" not in response.content
        if response.status_code in (200, 201):
            kept = [item for item in _dicts(response.json()) if item.get("size") == len(HTML)]
            assert kept, op
            assert {item.get("content_type") for item in kept} == {"text/plain"}, (op, kept)
    # and where documents accept plain text, the download is an attachment the browser may not sniff
    document = Document.objects.latest("created_at")  # the HTML page, uploaded last (to a survivor's documents)
    download = login_client(personas["case_manager"]).get(
        reverse("documents:download", args=[document.pk, document.latest_number])
    )
    assert download.status_code == 200
    assert download.content == HTML
    assert download["Content-Type"].split(";")[0] == "text/plain"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name", TRAVERSAL_NAMES)
def test_path_traversal_names_are_cut_to_a_base_name(name, personas, objects, settings, tmp_path):
    storage_root = settings.STORAGES["documents"]["OPTIONS"]["location"]
    for op in UPLOAD_OPERATIONS:
        # when a valid PDF arrives under a name that climbs out of the upload folder
        response = _post(op, personas, objects, SimpleUploadedFile(name, PDF, content_type="application/pdf"))
        # then it is stored, and the name we keep or show has no path in it
        assert response.status_code in (200, 201), (op, response.status_code)
        assert b"../" not in response.content
        assert b"..\\\\" not in response.content
        assert b"/etc/" not in response.content
    # and every stored file sits inside document storage, under a random name
    for _directory, _dirs, names in os.walk(tmp_path):
        for stored in names:
            assert "evil" not in stored
            assert "passwd" not in stored
    assert not os.path.exists("/etc/cron.d/evil.pdf")
    assert any(files for _d, _s, files in os.walk(storage_root))


def test_the_document_page_refuses_a_renamed_executable(personas, objects):
    # given the upload form of the case's documents page
    client = login_client(personas["case_manager"])
    before = Document.objects.count()
    url = reverse("documents:case_upload", args=[objects["case"].pk])
    # when an executable named .pdf is posted
    response = client.post(
        url,
        {
            "kind": "correspondence",
            "confidentiality": "general",
            "file": SimpleUploadedFile("a.pdf", EXE, "application/pdf"),
        },
    )
    # then the form comes back with an error and nothing is stored
    assert response.status_code in (200, 400)
    assert Document.objects.count() == before
