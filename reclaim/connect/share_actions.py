"""Writes about documents shared with a survivor in the portal, the survivor's audited download, and the
acknowledgement of a consent taken back in the portal. One transaction each (except the download, which
only writes its audit row), with a timeline event (ids only) and an audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.connect import events
from reclaim.connect.models import AccessStatus, PortalAccount, PortalConsentNotice, PortalShare
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.crypto import CryptoError
from reclaim.core.errors import DomainError
from reclaim.documents import files
from reclaim.documents.models import Confidentiality, DocumentVersion
from reclaim.documents.selectors import documents_for_user
from reclaim.legal.selectors import has_privileged_access

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.documents.models import Document


def _refuse(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, fields={"document": [message]})


@transaction.atomic
def do_share_document(*, actor: User, account: PortalAccount, document: Document) -> PortalShare:
    """Share a document of the account's case with the survivor. The actor must be able to read it; a legal
    (privileged) document needs privileged access on the case (`has_privileged_access`)."""
    account = PortalAccount.objects.select_for_update().select_related("case").get(pk=account.pk)
    if account.status == AccessStatus.CLOSED:
        raise _refuse(_("This person's portal access is closed."), "connect.share_account_closed")
    if document.agency_id != account.agency_id or document.case_id != account.case_id:
        raise _refuse(_("Only documents of this case can be shared here."), "connect.share_wrong_case")
    if not documents_for_user(actor).filter(pk=document.pk).exists():
        raise _refuse(_("You cannot share a document you may not read."), "connect.share_not_readable")
    if document.confidentiality == Confidentiality.LEGAL and not has_privileged_access(actor, account.case):
        raise _refuse(_("Privileged legal material can only be shared by the legal team."), "connect.share_privileged")
    if document.archived_at is not None or document.latest_number < 1:
        raise _refuse(_("This document is archived or has no file."), "connect.share_unavailable")
    if PortalShare.objects.filter(account=account, document=document, withdrawn_at__isnull=True).exists():
        raise _refuse(_("This document is already shared with them."), "connect.share_exists")
    share = PortalShare(
        agency_id=account.agency_id, account=account, document=document, shared_by=actor, shared_at=timezone.now()
    )
    share.full_clean()
    share.save()
    events.document_shared(share=share, actor=actor, change="shared")
    return share


@transaction.atomic
def do_withdraw_share(*, actor: User, share: PortalShare) -> PortalShare:
    """Stop sharing: the survivor no longer sees or downloads it, from now on."""
    share = PortalShare.objects.select_for_update().select_related("account__case").get(pk=share.pk)
    if share.withdrawn_at is not None:
        raise DomainError(_("This document is no longer shared."), code="connect.share_withdrawn")
    share.withdrawn_at = timezone.now()
    share.withdrawn_by = actor
    share.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    events.document_shared(share=share, actor=actor, change="withdrawn")
    return share


def _download_audit(action: str, share: PortalShare, number: int) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=None,
            agency_id=share.agency_id,
            object_type="document",
            object_id=str(share.document_id),
            detail={
                "account_id": str(share.account_id),
                "share_id": str(share.pk),
                "case_id": str(share.document.case_id or ""),
                "number": number,
            },
        )
    )


def do_download_shared(*, account: PortalAccount, share: PortalShare) -> tuple[DocumentVersion, bytes]:
    """The newest version of a shared document, decrypted and checked against its digest, for the survivor.
    The share is re-read so a withdrawal a moment ago is honoured; the download is audited."""
    fresh = (
        PortalShare.objects.select_related("document")
        .filter(
            pk=share.pk,
            account_id=account.pk,
            agency_id=account.agency_id,
            withdrawn_at__isnull=True,
            document__archived_at__isnull=True,
        )
        .first()
    )
    if fresh is None:
        raise DomainError(_("This document is no longer shared with you."), code="connect.share_withdrawn")
    share = fresh
    version = DocumentVersion.objects.filter(document_id=share.document_id).order_by("-number").first()
    if version is None:
        raise DomainError(_("This document cannot be opened right now."), code="connect.share_unreadable")
    try:
        data = files.read_decrypted(
            storage_name=version.storage_name, document_id=share.document_id, number=version.number
        )
    except (OSError, CryptoError, UnicodeDecodeError):
        data = b""
    if not data or files.sha256_hex(data) != version.sha256:
        _download_audit("portal.document_unreadable", share, version.number)
        raise DomainError(
            _("This document cannot be opened right now. Your case manager can help."),
            code="connect.share_unreadable",
        )
    _download_audit("portal.document_downloaded", share, version.number)
    return version, data


@transaction.atomic
def do_acknowledge_consent_notice(*, actor: User, notice: PortalConsentNotice) -> PortalConsentNotice:
    """A case worker has seen that the person took a consent back in the portal."""
    notice = PortalConsentNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.acknowledged_at is not None:
        raise DomainError(_("This was already acknowledged."), code="connect.notice_acknowledged")
    notice.acknowledged_at = timezone.now()
    notice.acknowledged_by = actor
    notice.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    write_audit(
        AuditEntry(
            "portal.consent_notice_acknowledged",
            actor_id=actor.pk,
            agency_id=notice.agency_id,
            object_type="case",
            object_id=str(notice.case_id),
            detail={"notice_id": str(notice.pk), "consent_id": str(notice.consent_id)},
        )
    )
    return notice
