"""Audit log API (issue 11 D): the agency's audit rows, newest first, with the audit page's filters.

Who may read it, and what each row shows, are the page's (reclaim/accounts/views.py `audit_log`): roles with
`views_audit`, their own agency's rows only; when, who (the colleague's display name), action, record type and id,
purpose and IP address. `detail` and the hash chain stay out, as on the page (`manage.py audit_verify` checks it)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from reclaim.accounts import access, selectors
from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.core.models import AuditEvent

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor_id: UUID | None = Field(description="null for the system")
    actor_name: str = Field(description="The colleague's display name; empty for the system or a removed user")
    action: str
    object_type: str
    object_id: str
    purpose: str
    ip: str | None


class AuditQuery(PageQuery):
    action: str = Field(
        default="", max_length=64, description="Actions starting with this (`case.` or `token.created`)"
    )
    object_id: str = Field(default="", max_length=64, description="One record's id")
    since: date | None = Field(default=None, description="From this day (inclusive)")
    until: date | None = Field(default=None, description="Until this day (inclusive)")


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@router.get(
    "/audit-events",
    response={200: Page[AuditEventOut], 403: ErrorOut},
    summary="Your agency's audit log, newest first, filtered like the audit page (agency admins)",
)
def list_audit_events(request: HttpRequest, query: Query[AuditQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_audit_viewer(user)
    if query.since and query.until and query.until < query.since:
        raise ValidationError([{"loc": ("query", "until"), "msg": _("Until is before since."), "type": "value_error"}])
    events = selectors.audit_events_for_admin(user)
    if query.action:
        events = events.filter(action__startswith=query.action)
    if query.object_id:
        events = events.filter(object_id=query.object_id)
    if query.since:
        events = events.filter(at__gte=_aware(query.since, time.min))
    if query.until:
        events = events.filter(at__lte=_aware(query.until, time.max))
    page = paginate(events, query)
    rows: list[AuditEvent] = page["items"]
    names = selectors.display_names({row.actor_id for row in rows if row.actor_id})
    page["items"] = [
        AuditEventOut(
            id=row.id,
            at=row.at,
            actor_id=row.actor_id,
            actor_name=names.get(row.actor_id, "") if row.actor_id else "",
            action=row.action,
            object_type=row.object_type,
            object_id=row.object_id,
            purpose=row.purpose,
            ip=row.ip,
        )
        for row in rows
    ]
    return page
