"""File bytes: what type they really are, and encrypting them before they reach storage.

Types are decided from the bytes (magic numbers and, for office files, the zip's contents), never from
the name or the browser's declared type. Storage names are random; the ciphertext is bound to its
document version through the associated data, so a file copied over another one does not decrypt.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import uuid
import zipfile
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from reclaim.core import crypto

if TYPE_CHECKING:
    from uuid import UUID

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", TEXT: "txt", DOCX: "docx", ODT: "odt"}
ALLOWED_TYPES = tuple(EXTENSIONS)

_ZIP_MAGIC = b"PK\x03\x04"
_ODT_MIMETYPE = ODT.encode("ascii")
_TEXT_CONTROL_OK = {"\t", "\n", "\r", "\f"}


def detect_type(data: bytes) -> str | None:
    """The content type the bytes really are, among the allowed ones; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(_ZIP_MAGIC):
        return _office_type(data)
    if _is_plain_text(data):
        return TEXT
    return None


def _office_type(data: bytes) -> str | None:
    # ODF puts an uncompressed "mimetype" entry first, so its value sits at a fixed place (ODF 1.2 §3.3).
    if data[30:38] == b"mimetype" and data[38 : 38 + len(_ODT_MIMETYPE)] == _ODT_MIMETYPE:
        return ODT
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())  # reads the central directory only: no decompression
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    return None


def _is_plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return all(ch in _TEXT_CONTROL_OK or unicodedata.category(ch) != "Cc" for ch in text)


def clean_filename(name: str) -> str:
    """The base name of what the browser sent, without paths or control characters, at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:200] or "file"


def download_name(document_id: UUID, number: int, content_type: str) -> str:
    """A neutral file name: no title, original name or person, since downloads land in shared folders."""
    return f"document-{document_id.hex[:8]}-v{number}.{EXTENSIONS.get(content_type, 'bin')}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_storage() -> Storage:
    return storages["documents"]  # STORAGES["documents"] in settings: a directory or an object store


def _aad(document_id: UUID, number: int) -> str:
    return f"documents.version:{document_id}:{number}"


def new_storage_name(agency_id: UUID) -> str:
    """A random path under the agency's folder: never derived from the file name or the person."""
    return f"{agency_id}/{uuid.uuid4().hex}.enc"


def store_encrypted(*, agency_id: UUID, document_id: UUID, number: int, plaintext: bytes) -> str:
    """Encrypt under the agency's data key and write to document storage; returns the storage name."""
    token = crypto.encrypt(plaintext, scope_id=agency_id, aad=_aad(document_id, number))
    return document_storage().save(new_storage_name(agency_id), ContentFile(token.encode("ascii")))


def read_decrypted(*, storage_name: str, document_id: UUID, number: int) -> bytes:
    with document_storage().open(storage_name, "rb") as handle:
        token = handle.read().decode("ascii")
    return crypto.decrypt(token, aad=_aad(document_id, number))


def delete_stored(storage_name: str) -> None:
    document_storage().delete(storage_name)
