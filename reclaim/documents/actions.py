"""Every write to documents, and the audited download.

Uploads check the bytes first (size, real type), write the ciphertext to storage, then save the rows,
the timeline event and the audit row in one transaction; if that transaction fails the file is deleted
again, so a refused or failed upload leaves neither a row nor a file behind. An API upload sent with an
`Idempotency-Key` runs inside the request's transaction (reclaim/api/middleware.py): should that outer
transaction roll back after the upload succeeded (a 5xx later in the request, or the process killed before its
commit), the stored ciphertext stays without a row pointing at it. It is never served; nothing removes such
a file yet.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.cases import events
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.crypto import CryptoError
from reclaim.core.errors import DomainError, EditConflict, check_version
from reclaim.documents import files
from reclaim.documents.models import Confidentiality, Document, DocumentKind, DocumentVersion
from reclaim.documents.selectors import visible_levels

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.core.files.uploadedfile import UploadedFile

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.people.models import Survivor


def _refuse_file(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, fields={"file": [message]})


def read_checked_upload(upload: UploadedFile | None) -> tuple[bytes, str]:
    """The upload's bytes and their real content type, or a field error on `file` (nothing is stored)."""
    limit = settings.RECLAIM_DOCUMENT_MAX_BYTES
    if upload is None:
        raise _refuse_file(_("Choose a file to upload."), "documents.file_required")
    if upload.size is not None and upload.size > limit:
        raise _refuse_file(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, "documents.too_large"
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _refuse_file(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, "documents.too_large"
        )
    if not data:
        raise _refuse_file(_("The file is empty."), "documents.empty_file")
    content_type = files.detect_type(data)
    if content_type is None:
        raise _refuse_file(
            _(
                "This type of file is not accepted. Upload a PDF, a PNG or JPEG image, plain text, "
                "or a Word (DOCX) or OpenDocument (ODT) text document."
            ),
            "documents.type_not_allowed",
        )
    return data, content_type


def _check_labels(actor: User, kind: str, confidentiality: str) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Choose a type of document.")]
    if confidentiality not in Confidentiality.values:
        errors["confidentiality"] = [_("Choose who may see it.")]
    elif confidentiality not in visible_levels(actor):
        errors["confidentiality"] = [_("You can only file documents at a level you can see yourself.")]
    if errors:
        raise DomainError(_("Some choices are not valid."), code="documents.invalid_choice", fields=errors)


def _check_may_change(actor: User, document: Document) -> None:
    """Only someone who may file at the document's level changes it: a legal-access grant lets a colleague
    read the legal team's documents on one case, never add to or archive them."""
    if document.confidentiality not in visible_levels(actor):
        raise DomainError(_("You can read this document but not change it."), code="documents.read_only_level")


def _audit(action: str, actor: User, document: Document, **detail: object) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=document.agency_id,
            object_type="document",
            object_id=str(document.pk),
            detail={"survivor_id": str(document.survivor_id), "case_id": str(document.case_id or ""), **detail},
        )
    )


def do_upload_document(
    *,
    actor: User,
    survivor: Survivor,
    case: Case | None = None,
    kind: str,
    confidentiality: str = Confidentiality.GENERAL,
    title: str = "",
    upload: UploadedFile | None,
    within: Callable[[Document], Any] | None = None,
) -> Document:
    """File a new document (version 1) on a survivor, or on one of their cases.

    `within` runs inside the upload's transaction once the document is saved (another domain linking it, e.g.
    to a legal matter): if it raises, neither the rows nor the stored file remain."""
    _check_labels(actor, kind, confidentiality)
    data, content_type = read_checked_upload(upload)
    assert upload is not None  # noqa: S101 — read_checked_upload refuses a missing file
    if case is not None and case.survivor_id != survivor.pk:
        raise DomainError(_("The case belongs to another person."), code="documents.case_mismatch")
    document_id = uuid.uuid4()
    storage_name = files.store_encrypted(
        agency_id=survivor.agency_id, document_id=document_id, number=1, plaintext=data
    )
    try:
        with transaction.atomic():
            document = Document(
                id=document_id,
                agency_id=survivor.agency_id,
                survivor=survivor,
                case=case,
                kind=kind,
                confidentiality=confidentiality,
                title=title.strip() or None,
                latest_number=1,
                uploaded_by=actor,
            )
            document.full_clean()
            document.save(force_insert=True)
            _save_version(
                actor=actor,
                document=document,
                number=1,
                upload=upload,
                data=data,
                content_type=content_type,
                storage_name=storage_name,
            )
            if case is not None:
                events.document_added(
                    case=case,
                    actor=actor,
                    document_id=str(document.pk),
                    kind=kind,
                    confidentiality=confidentiality,
                )
            _audit("document.uploaded", actor, document, number=1, kind=kind, confidentiality=confidentiality)
            if within is not None:
                within(document)
    except BaseException:
        files.delete_stored(storage_name)
        raise
    return document


def _save_version(
    *,
    actor: User,
    document: Document,
    number: int,
    upload: UploadedFile,
    data: bytes,
    content_type: str,
    storage_name: str,
) -> DocumentVersion:
    version = DocumentVersion(
        agency_id=document.agency_id,
        document=document,
        number=number,
        original_filename=files.clean_filename(upload.name or ""),
        content_type=content_type,
        size=len(data),
        sha256=files.sha256_hex(data),
        storage_name=storage_name,
        uploaded_by=actor,
    )
    version.full_clean()
    version.save()
    return version


def do_add_document_version(
    *, actor: User, document: Document, upload: UploadedFile | None, expected_version: int
) -> DocumentVersion:
    """Add the next numbered version of a document; a stale form gets an EditConflict."""
    _check_may_change(actor, document)
    data, content_type = read_checked_upload(upload)
    assert upload is not None  # noqa: S101 — read_checked_upload refuses a missing file
    document.refresh_from_db(fields=["version", "latest_number", "archived_at"])
    check_version(document.version, expected_version, {"latest_number": document.latest_number})
    if document.is_archived:
        raise DomainError(_("This document is archived; it cannot get new versions."), code="documents.archived")
    number = document.latest_number + 1
    storage_name = files.store_encrypted(
        agency_id=document.agency_id, document_id=document.pk, number=number, plaintext=data
    )
    try:
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document.pk)
            check_version(locked.version, expected_version, {"latest_number": locked.latest_number})
            if locked.latest_number + 1 != number or locked.is_archived:
                raise EditConflict(current_version=locked.version, current={"latest_number": locked.latest_number})
            locked.latest_number = number
            locked.version += 1
            locked.save(update_fields=["latest_number", "version", "updated_at"])
            version = _save_version(
                actor=actor,
                document=locked,
                number=number,
                upload=upload,
                data=data,
                content_type=content_type,
                storage_name=storage_name,
            )
            if locked.case_id is not None:
                events.document_version_added(
                    case=locked.case,  # type: ignore[arg-type]  # case_id is set
                    actor=actor,
                    document_id=str(locked.pk),
                    number=number,
                    confidentiality=locked.confidentiality,
                )
            _audit("document.version_added", actor, locked, number=number)
    except BaseException:
        files.delete_stored(storage_name)
        raise
    document.version, document.latest_number = locked.version, locked.latest_number
    return version


@transaction.atomic
def do_archive_document(*, actor: User, document: Document, reason: str, expected_version: int) -> Document:
    """Take a document out of the lists with a stated reason; its versions are kept and stay readable."""
    _check_may_change(actor, document)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    check_version(locked.version, expected_version, {"archived": "yes" if locked.is_archived else "no"})
    if locked.is_archived:
        raise DomainError(_("This document is already archived."), code="documents.archived")
    if not reason.strip():
        raise DomainError(
            _("Say why it is archived."),
            code="documents.reason_required",
            fields={"reason": [_("Required to archive a document.")]},
        )
    locked.archived_at, locked.archived_by, locked.archive_reason = timezone.now(), actor, reason.strip()
    locked.version += 1
    locked.full_clean()
    locked.save()
    if locked.case_id is not None:
        events.document_archived(
            case=locked.case,  # type: ignore[arg-type]  # case_id is set
            actor=actor,
            document_id=str(locked.pk),
            confidentiality=locked.confidentiality,
        )
    _audit("document.archived", actor, locked)
    return locked


def do_download_version(*, actor: User, document: Document, version: DocumentVersion) -> bytes:
    """Decrypt one version for the actor, check it against its digest, and write the audit row (also when
    the file cannot be read, so not atomic with anything)."""
    try:
        data = files.read_decrypted(storage_name=version.storage_name, document_id=document.pk, number=version.number)
    except (OSError, CryptoError, UnicodeDecodeError):
        data = b""
    if not data or files.sha256_hex(data) != version.sha256:
        _audit("document.unreadable", actor, document, number=version.number)
        raise DomainError(
            _("This file cannot be read. It may be damaged; ask your administrator to restore it from a backup."),
            code="documents.unreadable",
        )
    _audit("document.downloaded", actor, document, number=version.number)
    return data
