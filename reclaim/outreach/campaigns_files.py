"""Bytes of campaign materials: what type they really are, and where they are kept.

Materials hold no personal data (posters, leaflets, slides, videos), but they share the documents storage, which
holds ciphertext only, so they are encrypted too (under the agency's data key, bound to the material's id). Types
are decided from the bytes, never from the name or the browser's claim; the accepted ones are those of documents
plus slides (PPTX, ODP), MP4 and WebM video, and MP3 audio.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile

from reclaim.core import crypto
from reclaim.documents import files as document_files

if TYPE_CHECKING:
    from uuid import UUID

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODP = "application/vnd.oasis.opendocument.presentation"
MP4 = "video/mp4"
WEBM = "video/webm"
MP3 = "audio/mpeg"
EXTENSIONS = {**document_files.EXTENSIONS, PPTX: "pptx", ODP: "odp", MP4: "mp4", WEBM: "webm", MP3: "mp3"}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_ODP_MIMETYPE = ODP.encode("ascii")


def max_bytes() -> int:
    """The largest material accepted (RECLAIM_MATERIAL_MAX_BYTES, default 50 MB)."""
    return int(getattr(settings, "RECLAIM_MATERIAL_MAX_BYTES", DEFAULT_MAX_BYTES))


def _media_type(data: bytes) -> str | None:
    if data[4:8] == b"ftyp":
        return MP4
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if data.startswith(b"ID3") or data[:2] in {b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"}:
        return MP3
    return None


def _slides_type(data: bytes) -> str | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    if data[30:38] == b"mimetype" and data[38 : 38 + len(_ODP_MIMETYPE)] == _ODP_MIMETYPE:
        return ODP
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())  # the central directory only: no decompression
    except (zipfile.BadZipFile, ValueError):
        return None
    return PPTX if "[Content_Types].xml" in names and "ppt/presentation.xml" in names else None


def detect_type(data: bytes) -> str | None:
    """The content type the bytes really are, among the accepted ones; None for anything else."""
    return _media_type(data) or _slides_type(data) or document_files.detect_type(data)


def download_name(material_id: UUID, number: int, content_type: str) -> str:
    return f"material-{material_id.hex[:8]}-v{number}.{EXTENSIONS.get(content_type, 'bin')}"


def _aad(material_id: UUID) -> str:
    return f"outreach.material:{material_id}"


def store(*, agency_id: UUID, material_id: UUID, plaintext: bytes) -> str:
    """Encrypt and write to the documents storage under a random name; returns the storage name."""
    token = crypto.encrypt(plaintext, scope_id=agency_id, aad=_aad(material_id))
    name = f"outreach/{agency_id}/{uuid.uuid4().hex}.enc"
    return document_files.document_storage().save(name, ContentFile(token.encode("ascii")))


def read(*, storage_name: str, material_id: UUID) -> bytes:
    with document_files.document_storage().open(storage_name, "rb") as handle:
        token = handle.read().decode("ascii")
    return crypto.decrypt(token, aad=_aad(material_id))


def delete(storage_name: str) -> None:
    document_files.document_storage().delete(storage_name)
