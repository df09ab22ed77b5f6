"""Portal API for staff (issue 9): a case's check-ins and their acknowledgement, and its message threads (start
one, with an attachment; read, reply, download an attachment). Same permissions as the pages: case readers read
(audited by the case gate), case editors write."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Form, Query, Router, Schema, Status, UploadedFile
from ninja.params import functions as param_functions

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.connect import checkin_actions, checkin_selectors, message_actions, message_selectors, selectors
from reclaim.connect.models import CheckIn, MessageThread, PortalMessage
from reclaim.connect.talk_http import attachment_response
from reclaim.core.errors import DomainError

router = Router(tags=["portal"])


class CheckInOut(Schema):
    id: UUID
    created_at: datetime
    feeling: str
    safety: str
    urgent: bool
    note: str
    acknowledged_at: datetime | None
    acknowledged_by_id: UUID | None
    action_taken: str
    version: int

    @staticmethod
    def from_row(row: CheckIn) -> CheckInOut:
        return CheckInOut(
            id=row.pk,
            created_at=row.created_at,
            feeling=row.feeling,
            safety=row.safety,
            urgent=row.urgent,
            note=row.note or "",
            acknowledged_at=row.acknowledged_at,
            acknowledged_by_id=row.acknowledged_by_id,
            action_taken=row.action_taken or "",
            version=row.version,
        )


class CheckInAcknowledgeIn(Schema):
    action_taken: str = Field(min_length=1, max_length=checkin_actions.ACTION_MAX)
    version: int


class AttachmentOut(Schema):
    id: UUID
    content_type: str
    size: int


class MessageOut(Schema):
    id: UUID
    created_at: datetime
    from_survivor: bool
    author_id: UUID | None
    body: str
    read_by_survivor_at: datetime | None
    attachments: list[AttachmentOut]

    @staticmethod
    def from_row(row: PortalMessage) -> MessageOut:
        return MessageOut(
            id=row.pk,
            created_at=row.created_at,
            from_survivor=row.from_survivor,
            author_id=row.author_id,
            body=row.body or "",
            # Read receipts are for staff only: the survivor's reading of the team's messages.
            read_by_survivor_at=row.read_by_survivor_at if not row.from_survivor else None,
            attachments=[
                AttachmentOut(id=a.pk, content_type=a.content_type, size=a.size) for a in row.attachments.all()
            ],
        )


class ThreadOut(Schema):
    id: UUID
    subject: str
    last_message_at: datetime
    message_count: int
    unread: int

    @staticmethod
    def from_row(row: MessageThread) -> ThreadOut:
        return ThreadOut(
            id=row.pk,
            subject=row.subject or "",
            last_message_at=row.last_message_at,
            message_count=getattr(row, "message_count", 0),
            unread=getattr(row, "unread", 0),
        )


class ThreadDetailOut(Schema):
    id: UUID
    subject: str
    messages: list[MessageOut]


class ReplyIn(Schema):
    body: str = Field(min_length=1, max_length=message_actions.BODY_MAX)


# An optional multipart file part (ninja's `File[UploadedFile] | None` is not read as a file: it needs the marker).
OPTIONAL_ATTACHMENT = param_functions.File(None)


class ThreadStartIn(Schema):
    subject: str = Field(default="", max_length=message_actions.SUBJECT_MAX)
    body: str = Field(min_length=1, max_length=message_actions.BODY_MAX)


@router.get(
    "/cases/{uuid:case_id}/portal/check-ins",
    response={200: Page[CheckInOut], 404: ErrorOut},
    summary="The case's portal check-ins, newest first, with their acknowledgements (audited read)",
)
def list_check_ins(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access_case_by_id(request_user(request), case_id)
    return paginate(checkin_selectors.check_in_rows(case), page, CheckInOut.from_row)


@router.post(
    "/cases/{uuid:case_id}/portal/check-ins/{uuid:check_in_id}/acknowledgement",
    response={200: CheckInOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Acknowledge an urgent check-in with what was done (send the version you read; 409 if it changed)",
)
def acknowledge_check_in(
    request: HttpRequest, case_id: UUID, check_in_id: UUID, payload: CheckInAcknowledgeIn
) -> CheckInOut:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    row = checkin_selectors.check_in_for_case(case, check_in_id)
    row = checkin_actions.do_acknowledge_check_in(
        actor=user, check_in=row, action_taken=payload.action_taken, expected_version=payload.version
    )
    return CheckInOut.from_row(row)


@router.get(
    "/cases/{uuid:case_id}/portal/threads",
    response={200: Page[ThreadOut], 404: ErrorOut},
    summary="The case's portal message threads, latest first, with the survivor's unread messages",
)
def list_threads(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access_case_by_id(request_user(request), case_id)
    return paginate(message_selectors.threads_for_case(case), page, ThreadOut.from_row)


@router.post(
    "/cases/{uuid:case_id}/portal/threads",
    response={
        201: ThreadDetailOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
    },
    summary="Start a thread with the survivor (multipart: subject, body, optional attachment: a PDF, JPEG or PNG up "
    "to 5 MB); 400 `portal_not_active` when they have no active portal access",
)
def start_thread(
    request: HttpRequest,
    case_id: UUID,
    payload: Form[ThreadStartIn],
    attachment: UploadedFile | None = OPTIONAL_ATTACHMENT,
) -> Status[ThreadDetailOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    account = selectors.account_for_case(case)
    if account is None or not account.is_active:  # the page refuses the same way, before reading the form
        raise DomainError(_("This person has no active portal access."), code="portal_not_active")
    thread = message_actions.do_start_thread(
        case=case, account=account, actor=user, subject=payload.subject, body=payload.body, attachment=attachment
    )
    return Status(
        201,
        ThreadDetailOut(
            id=thread.pk,
            subject=thread.subject or "",
            messages=[MessageOut.from_row(row) for row in message_selectors.messages_in(thread)],
        ),
    )


@router.get(
    "/cases/{uuid:case_id}/portal/threads/{uuid:thread_id}",
    response={200: ThreadDetailOut, 404: ErrorOut},
    summary="A thread's messages, oldest first; reading marks the survivor's messages read for the team",
)
def get_thread(request: HttpRequest, case_id: UUID, thread_id: UUID) -> ThreadDetailOut:
    case = access_case_by_id(request_user(request), case_id)
    thread = message_selectors.thread_for_case(case, thread_id)
    message_actions.mark_read_by_staff(thread)
    return ThreadDetailOut(
        id=thread.pk,
        subject=thread.subject or "",
        messages=[MessageOut.from_row(row) for row in message_selectors.messages_in(thread)],
    )


@router.post(
    "/cases/{uuid:case_id}/portal/threads/{uuid:thread_id}/messages",
    response={201: MessageOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Reply in a thread (text only through the API)",
)
def reply(request: HttpRequest, case_id: UUID, thread_id: UUID, payload: ReplyIn) -> Status[MessageOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    thread = message_selectors.thread_for_case(case, thread_id)
    message = message_actions.do_send_message(thread=thread, actor=user, body=payload.body)
    return Status(201, MessageOut.from_row(message_selectors.message_in_thread(thread, message.pk)))


@router.get(
    "/cases/{uuid:case_id}/portal/threads/{uuid:thread_id}/attachments/{uuid:attachment_id}",
    response={404: ErrorOut},
    summary="Download a message's attachment (decrypted, under a neutral file name, never cached)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file: a PDF, JPEG or PNG",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_attachment(request: HttpRequest, case_id: UUID, thread_id: UUID, attachment_id: UUID) -> HttpResponse:
    case = access_case_by_id(request_user(request), case_id)
    thread = message_selectors.thread_for_case(case, thread_id)
    return attachment_response(message_selectors.attachment_in_thread(thread, attachment_id))
