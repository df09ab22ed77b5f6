"""The one gate for documents: 404 for "missing", "not yours" and "not your confidentiality level"
alike, 403 for read-only roles that try to write. Reads and denials are audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from reclaim.accounts.access import audited_gate, works_cases_in
from reclaim.documents.selectors import documents_for_user, version_by_number, visible_levels

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.documents.models import Document, DocumentVersion

__all__ = ["access_document_by_id", "access_version", "can_edit_document"]


def can_edit_document(user: User, document: Document) -> bool:
    """A casework role of its agency that may file at the document's level: someone who sees a legal document
    through a legal-access grant reads it only."""
    return works_cases_in(user, document.agency_id) and document.confidentiality in visible_levels(user)


def access_document_by_id(user: User, document_id: Any, *, for_write: bool = False) -> Document:
    """The document, or Http404; PermissionDenied when a read-only role asks to change it."""
    return audited_gate(
        user,
        documents_for_user(user).select_related("case", "survivor", "uploaded_by", "archived_by"),
        document_id,
        object_type="document",
        read_action="document.read",
        for_write=for_write,
        can_write=lambda document: can_edit_document(user, document),
    )


def access_version(user: User, document_id: Any, number: int) -> tuple[Document, DocumentVersion]:
    """A version of a document the user may read, or Http404."""
    document = access_document_by_id(user, document_id)
    version = version_by_number(document, number)
    if version is None:
        raise Http404
    return document, version
