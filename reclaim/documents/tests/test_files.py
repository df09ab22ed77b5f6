"""The real type of a file is read from its bytes; names and declared types are not trusted."""

from __future__ import annotations

import pytest

from reclaim.documents import files
from reclaim.documents.tests.conftest import JPEG_BYTES, PDF_BYTES, PNG_BYTES, docx_bytes, odt_bytes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF_BYTES, files.PDF),
        (PNG_BYTES, files.PNG),
        (JPEG_BYTES, files.JPEG),
        ("Notes from the hotline call\nLine two\té".encode(), files.TEXT),
        (docx_bytes(), files.DOCX),
        (odt_bytes(), files.ODT),
    ],
)
def test_accepted_types_are_recognised_by_their_bytes(data, expected):
    assert files.detect_type(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 30,  # a Windows executable
        b"\x7fELF\x02\x01\x01" + b"\x00" * 30,  # a Linux executable
        b"PK\x03\x04" + b"\x00" * 40,  # a zip that is not an office document
        b"GIF89a\x01\x00\x01\x00",  # an image type that is not accepted
        b"text with a NUL \x00 byte",
        b"\xff\xfe\x00\x00 not utf-8",
    ],
)
def test_other_bytes_are_refused(data):
    assert files.detect_type(data) is None


def test_a_plain_zip_with_office_names_elsewhere_is_not_docx():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    assert files.detect_type(buffer.getvalue()) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C:\\Users\\me\\Desktop\\letter.pdf", "letter.pdf"),
        ("../../etc/passwd", "passwd"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("", "file"),
    ],
)
def test_file_names_lose_paths_and_control_characters(raw, expected):
    assert files.clean_filename(raw) == expected


def test_download_names_are_neutral():
    import uuid

    document_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert files.download_name(document_id, 3, files.PDF) == "document-12345678-v3.pdf"
