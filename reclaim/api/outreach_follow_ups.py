"""Follow-ups of an outreach event (issue 11 API completeness; the event page's "Follow-ups" panel).

Same gates and actions as the page (reclaim/outreach/views/events.py): whoever may read the event lists its
follow-ups; those who record for the event (coordinators, agency admins, its facilitators) add one, owned by a
member of the agency's active staff (it lands on their task list); those who record and the follow-up's owner
mark it done or open again, with the version read (a stale one is 409). Another agency's event is 404.
Bad values are 422 naming the field, and nothing is saved."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.core.errors import DomainError, EditConflict
from reclaim.outreach import events_access as access
from reclaim.outreach import events_actions as actions
from reclaim.outreach.events_selectors import follow_ups_for_event
from reclaim.outreach.models import EventFollowUp

router = Router(tags=["outreach events"])

WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def _invalid(exc: DomainError) -> Exception:
    if isinstance(exc, EditConflict) or not exc.fields:
        return exc
    return ValidationError(
        [
            {"loc": ("body", "payload", name), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


class EventFollowUpOut(Schema):
    id: UUID
    event_id: UUID
    what: str
    owner_id: UUID
    due_on: date | None
    done_at: datetime | None
    version: int

    @staticmethod
    def of(follow_up: EventFollowUp) -> EventFollowUpOut:
        return EventFollowUpOut(
            id=follow_up.pk,
            event_id=follow_up.event_id,
            what=follow_up.what or "",
            owner_id=follow_up.owner_id,
            due_on=follow_up.due_on,
            done_at=follow_up.done_at,
            version=follow_up.version,
        )


class EventFollowUpIn(Schema):
    what: str = Field(description="what needs doing (may name partners; stored encrypted)")
    owner_id: UUID | None = Field(None, description="a member of your agency's active staff")
    due_on: date | None = None


class EventFollowUpDoneIn(Schema):
    version: int
    done: bool = Field(True, description="true: done (leaves the owner's task list); false: open again")


@router.get(
    "/outreach/events/{uuid:event_id}/follow-ups",
    response={200: Page[EventFollowUpOut], 403: ErrorOut, 404: ErrorOut},
    summary="The event's follow-ups, open ones first",
)
def list_follow_ups(request: HttpRequest, event_id: UUID, page: Query[PageQuery]) -> dict[str, Any]:
    event = access.access_event_by_id(request_user(request), event_id)
    rows = follow_ups_for_event(event).order_by("done_at", "due_on", "created_at", "pk")
    return paginate(rows, page, EventFollowUpOut.of)


@router.post(
    "/outreach/events/{uuid:event_id}/follow-ups",
    response={201: EventFollowUpOut, **WRITE},
    summary="Add a follow-up, owned by a member of the agency's active staff (on their task list)",
)
def create_follow_up(request: HttpRequest, event_id: UUID, payload: EventFollowUpIn) -> Status[EventFollowUpOut]:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.RECORD)
    try:
        follow_up = actions.do_add_follow_up(
            actor=user, event=event, what=payload.what, owner_id=payload.owner_id, due_on=payload.due_on
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, EventFollowUpOut.of(follow_up))


@router.post(
    "/outreach/events/{uuid:event_id}/follow-ups/{uuid:follow_up_id}/done",
    response={200: EventFollowUpOut, **WRITE},
    summary="Mark a follow-up done, or open it again (`done: false`), with the version read",
)
def set_follow_up_done(
    request: HttpRequest, event_id: UUID, follow_up_id: UUID, payload: EventFollowUpDoneIn
) -> EventFollowUpOut:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id)
    follow_up = access.access_follow_up_by_id(user, event, follow_up_id)
    follow_up = actions.do_set_follow_up_done(
        actor=user, follow_up=follow_up, expected_version=payload.version, done=payload.done
    )
    return EventFollowUpOut.of(follow_up)
