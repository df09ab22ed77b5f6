"""Writes about secure messages (issue 9 item 6, DOMAIN.md §13): threads between the survivor and the case
team, replies, attachments, read marks, the survivor deleting their own message, and the retention purge.

Nothing is sent by e-mail or text, except a neutral "You have a new message" note when the survivor asked for
it (PortalAccount.notify_email): no sender, no agency, no content, no link to the thread.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reclaim.connect import events
from reclaim.connect.models import MessageAttachment, MessageThread, PortalMessage, PortalSettings
from reclaim.core import crypto
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError
from reclaim.documents import files

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.connect.models import PortalAccount

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = (files.PDF, files.JPEG, files.PNG)
BODY_MAX = 5000
SUBJECT_MAX = 120
DEFAULT_RETENTION_DAYS = 365


def _field_error(field: str, message: str, code: str) -> DomainError:
    return DomainError(message, code=code, fields={field: [message]})


# --- Attachments --------------------------------------------------------------------------------


def read_checked_attachment(upload: UploadedFile) -> tuple[bytes, str, str]:
    """The file's bytes, real type (from its content, not its name) and cleaned name; or a field error on
    `attachment` (nothing is stored)."""
    too_large = _("This file is too big. Files can be up to %(limit)s.") % {
        "limit": filesizeformat(MAX_ATTACHMENT_BYTES)
    }
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise _field_error("attachment", too_large, "attachment_too_large")
    upload.seek(0)
    data = upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise _field_error("attachment", too_large, "attachment_too_large")
    if not data:
        raise _field_error("attachment", _("This file is empty."), "attachment_empty")
    content_type = files.detect_type(data)
    if content_type not in ATTACHMENT_TYPES:
        raise _field_error(
            "attachment",
            _("This type of file cannot be sent. You can send a PDF, or a photo (JPEG or PNG)."),
            "attachment_type_not_allowed",
        )
    return data, content_type, files.clean_filename(upload.name or "file")


def _aad(attachment_id: Any) -> str:
    return f"connect.attachment:{attachment_id}"


def _store_attachment(message: PortalMessage, upload: tuple[bytes, str, str]) -> MessageAttachment:
    data, content_type, name = upload
    attachment = MessageAttachment(
        agency_id=message.agency_id, message=message, content_type=content_type, size=len(data), filename=name
    )
    token = crypto.encrypt(data, scope_id=message.agency_id, aad=_aad(attachment.pk))
    attachment.storage_name = files.document_storage().save(
        files.new_storage_name(message.agency_id), ContentFile(token.encode("ascii"))
    )
    attachment.save()
    return attachment


def read_attachment(attachment: MessageAttachment) -> bytes:
    with files.document_storage().open(attachment.storage_name, "rb") as handle:
        token = handle.read().decode("ascii")
    return crypto.decrypt(token, aad=_aad(attachment.pk))


def download_name(attachment: MessageAttachment) -> str:
    """A neutral name: downloads land in shared folders."""
    return f"attachment-{attachment.pk.hex[:8]}.{files.EXTENSIONS.get(attachment.content_type, 'bin')}"


def _delete_files(storage_names: list[str]) -> None:
    storage = files.document_storage()
    for name in storage_names:
        storage.delete(name)


# --- Sending ------------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise _field_error("body", _("Write a message."), "body_required")
    if len(body) > BODY_MAX:
        raise _field_error("body", _("Please keep this under %(max)s characters.") % {"max": BODY_MAX}, "too_long")
    return body


def _require_active(account: PortalAccount) -> None:
    if not account.is_active:
        raise DomainError(
            _("This person's portal access is not active: they cannot read new messages."), code="portal_not_active"
        )


def _add_message(
    thread: MessageThread, *, body: str, actor: User | None, upload: tuple[bytes, str, str] | None
) -> PortalMessage:
    _require_active(thread.account)
    message = PortalMessage.objects.create(
        agency_id=thread.agency_id, thread=thread, from_survivor=actor is None, author=actor, body=body
    )
    if upload is not None:
        _store_attachment(message, upload)
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at", "updated_at"])
    events.message(message=message, thread=thread, actor=actor)
    if actor is not None:
        _notify_survivor(thread.account)
    return message


@transaction.atomic
def do_start_thread(
    *,
    case: Case,
    account: PortalAccount,
    body: str,
    subject: str = "",
    actor: User | None = None,
    attachment: UploadedFile | None = None,
) -> MessageThread:
    """A new conversation, started by the survivor (actor None) or by a worker on the case (actor)."""
    body = _clean_body(body)
    subject = subject.strip()
    if len(subject) > SUBJECT_MAX:
        raise _field_error(
            "subject", _("Please keep this under %(max)s characters.") % {"max": SUBJECT_MAX}, "too_long"
        )
    upload = read_checked_attachment(attachment) if attachment is not None else None
    thread = MessageThread.objects.create(
        agency_id=case.agency_id,
        case=case,
        account=account,
        subject=subject,
        started_by=actor,
        last_message_at=timezone.now(),
    )
    _add_message(thread, body=body, actor=actor, upload=upload)
    return thread


@transaction.atomic
def do_send_message(
    *, thread: MessageThread, body: str, actor: User | None = None, attachment: UploadedFile | None = None
) -> PortalMessage:
    """A reply in a thread: from the survivor (actor None) or from a worker on the case."""
    body = _clean_body(body)
    upload = read_checked_attachment(attachment) if attachment is not None else None
    thread = MessageThread.objects.select_for_update().select_related("case", "account").get(pk=thread.pk)
    return _add_message(thread, body=body, actor=actor, upload=upload)


def _notify_survivor(account: PortalAccount) -> None:
    """The neutral note, after the commit, only if the survivor asked for it."""
    address = account.notify_email
    if not address:
        return
    language = account.language or settings.LANGUAGE_CODE
    # robust: a mail server that is down is logged; the message itself is saved and shown all the same.
    transaction.on_commit(lambda: send_new_message_note(address=address, language=language), robust=True)


def send_new_message_note(*, address: str, language: str) -> None:
    """No sender, no agency name, no content, no link to the thread: just the portal's address."""
    portal = settings.RECLAIM_PUBLIC_URL.rstrip("/") + reverse("portal:sign_in")
    with translation.override(language):
        subject = _("You have a new message")
        text = _("You have a new message. To read it, sign in at %(address)s") % {"address": portal}
    send_mail(subject, text, None, [address])


# --- Reading ------------------------------------------------------------------------------------


def mark_read_by_staff(thread: MessageThread) -> int:
    """The survivor's messages in the thread are now read by the team (drives the team's unread count only)."""
    return PortalMessage.objects.filter(thread=thread, from_survivor=True, read_by_staff_at__isnull=True).update(
        read_by_staff_at=timezone.now()
    )


def mark_read_by_survivor(thread: MessageThread) -> int:
    """The team's messages are now read by the survivor: the read receipt staff see."""
    return PortalMessage.objects.filter(thread=thread, from_survivor=False, read_by_survivor_at__isnull=True).update(
        read_by_survivor_at=timezone.now()
    )


# --- Deleting and retention ---------------------------------------------------------------------


@transaction.atomic
def do_delete_own_message(*, account: PortalAccount, message: PortalMessage) -> None:
    """The survivor deletes a message they wrote, with its attachments (staff may have read it already)."""
    message = PortalMessage.objects.select_for_update().select_related("thread__case").get(pk=message.pk)
    thread = message.thread
    if not message.from_survivor or thread.account_id != account.pk:
        raise DomainError(_("You can only delete messages you wrote."), code="not_own_message")
    names = list(MessageAttachment.objects.filter(message=message).values_list("storage_name", flat=True))
    events.message(message=message, thread=thread, actor=None, change="deleted")
    message.delete()
    if not PortalMessage.objects.filter(thread=thread).exists():
        thread.delete()
    transaction.on_commit(lambda: _delete_files(names))


def purge_expired_messages(*, now: datetime.datetime | None = None) -> int:
    """Delete messages older than each agency's `message_retention_days`, their attachment files, and threads
    left empty; one audit row per agency with counts only. Idempotent. Returns how many messages went."""
    now = now or timezone.now()
    retention = dict(PortalSettings.objects.values_list("agency_id", "message_retention_days"))
    agencies = set(MessageThread.objects.values_list("agency_id", flat=True).distinct())
    purged = 0
    for agency_id in sorted(agencies, key=str):
        cutoff = now - datetime.timedelta(days=retention.get(agency_id) or DEFAULT_RETENTION_DAYS)
        purged += _purge_agency(agency_id, cutoff)
    return purged


def _purge_agency(agency_id: Any, cutoff: datetime.datetime) -> int:
    with transaction.atomic():
        old = PortalMessage.objects.filter(agency_id=agency_id, created_at__lt=cutoff)
        names = list(MessageAttachment.objects.filter(message__in=old).values_list("storage_name", flat=True))
        count = old.count()
        if not count:
            return 0
        old.delete()  # attachments rows cascade
        has_messages = Exists(PortalMessage.objects.filter(thread=OuterRef("pk")))
        empty = MessageThread.objects.filter(agency_id=agency_id).exclude(has_messages)
        threads = empty.count()
        empty.delete()
        write_audit(
            AuditEntry(
                "portal.messages_purged",
                agency_id=agency_id,
                object_type="agency",
                object_id=str(agency_id),
                detail={"messages": count, "attachments": len(names), "threads": threads},
            )
        )
        transaction.on_commit(lambda: _delete_files(names))
    return count
