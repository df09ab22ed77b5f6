"""Fixtures for document tests: a case shared by the case manager, clinician and legal advocate, sample
files of each accepted type, and a look at what landed in document storage."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment

SECRET_LINE = b"Passport number X9Q4417 issued to Marisol Quintanilla"
PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\n" + SECRET_LINE + b"\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40

FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip entries carry a time: fix it so the same sample gives the same bytes


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED_TIME), "<Types/>")
        archive.writestr(zipfile.ZipInfo("word/document.xml", FIXED_TIME), "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", FIXED_TIME), "application/vnd.oasis.opendocument.text")
        archive.writestr(zipfile.ZipInfo("content.xml", FIXED_TIME), "<office:document-content/>")
    return buffer.getvalue()


def upload(data: bytes = PDF_BYTES, name: str = "Marisol-passport.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files() -> list[Path]:
    root = Path(storages["documents"].path(""))
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def case_a(personas, agency, survivor_a):
    """A case on survivor A opened by the case manager, with the clinician and legal advocate assigned."""
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=agency, case=case, user=personas[worker])
    return case
