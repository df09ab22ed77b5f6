"""Writes of events: plan and edit (optimistic lock), attendance, the anonymous feedback survey (paper forms
entered by staff, answers through the public link, opening and closing that link) and follow-ups.

Each is one transaction: validation first (DomainError with field errors, nothing saved), the version check on
edits (EditConflict), the row, and an audit row (ids and codes only). Events belong to the agency, not to a
case, so there is no timeline event. An answer given through the public link is audited with no actor, no
address and no request id: nothing ties it to a person.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.context import client_ip_var, request_id_var
from reclaim.core.errors import DomainError, check_version
from reclaim.outreach import events_survey
from reclaim.outreach.events_selectors import active_staff, campaign_for_agency
from reclaim.outreach.models import (
    Audience,
    EventFollowUp,
    EventFormat,
    EventSurveyResponse,
    OutreachEvent,
    SurveyPhase,
    SurveySource,
)

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from reclaim.accounts.models import Agency, User

TITLE_MAX_LENGTH = 200
PLACE_MAX_LENGTH = 500
FOLLOW_UP_MAX_LENGTH = 1000
ATTENDANCE_MAX = 1_000_000
INVALID = "outreach.invalid_event"


@dataclass
class EventValues:
    title: str
    starts_at: datetime.datetime | None
    format: str = EventFormat.IN_PERSON
    audience: str = ""
    ends_at: datetime.datetime | None = None
    place: str = ""
    place_is_confidential: bool = False
    campaign_id: UUID | None = None
    facilitator_ids: list[UUID] = field(default_factory=list)


EDITABLE = ("title", "format", "audience", "starts_at", "ends_at", "place", "place_is_confidential", "campaign_id")


def _check(agency_id: Any, values: EventValues) -> list[Any]:
    """Field errors, or the facilitators (users of the agency's active staff)."""
    errors: dict[str, list[str]] = {}
    values.title = (values.title or "").strip()
    values.place = (values.place or "").strip()
    if not values.title:
        errors["title"] = [_("Give the event a title.")]
    elif len(values.title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Keep the title under %(n)s characters.") % {"n": TITLE_MAX_LENGTH}]
    if values.format not in EventFormat.values:
        errors["format"] = [_("Choose a format from the list.")]
    if values.audience and values.audience not in Audience.values:
        errors["audience"] = [_("Choose an audience from the list.")]
    if values.starts_at is None:
        errors["starts_at"] = [_("Enter when the event starts.")]
    elif values.ends_at is not None and values.ends_at < values.starts_at:
        errors["ends_at"] = [_("The event cannot end before it starts.")]
    if len(values.place) > PLACE_MAX_LENGTH:
        errors["place"] = [_("Keep the place under %(n)s characters.") % {"n": PLACE_MAX_LENGTH}]
    if values.campaign_id is not None and campaign_for_agency(agency_id, values.campaign_id) is None:
        errors["campaign_id"] = [_("Choose one of your agency's campaigns.")]
    wanted = set(values.facilitator_ids)
    facilitators = list(active_staff(agency_id).filter(pk__in=wanted)) if wanted else []
    if len(facilitators) != len(wanted):
        errors["facilitator_ids"] = [_("Choose facilitators from your agency's active staff.")]
    if errors:
        raise DomainError(_("The event could not be saved."), code=INVALID, fields=errors)
    return facilitators


def _audit(action: str, actor: User | None, event: OutreachEvent, **detail: object) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor is not None else None,
            agency_id=event.agency_id,
            object_type="outreach_event",
            object_id=str(event.pk),
            detail=dict(detail),
        )
    )


def _stored(event: OutreachEvent, name: str) -> Any:
    value = getattr(event, name)
    return (value or "") if name == "place" else value  # an empty place is stored as NULL


def _current(event: OutreachEvent) -> dict[str, str]:
    return {name: str(getattr(event, name) or "") for name in (*EDITABLE, "audience_size")}


@transaction.atomic
def do_create_event(*, actor: User, agency: Agency, values: EventValues) -> OutreachEvent:
    """Plan an event (the caller checked the planner right)."""
    facilitators = _check(agency.pk, values)
    event = OutreachEvent(agency=agency, created_by=actor, **{name: getattr(values, name) for name in EDITABLE})
    event.full_clean(exclude=["facilitators"])
    event.save()
    event.facilitators.set(facilitators)
    _audit("outreach_event.created", actor, event, campaign_id=str(values.campaign_id or ""))
    return event


@transaction.atomic
def do_update_event(*, actor: User, event: OutreachEvent, expected_version: int, values: EventValues) -> OutreachEvent:
    """Edit an event; EditConflict when someone saved since `expected_version`."""
    event = OutreachEvent.objects.select_for_update().get(pk=event.pk, agency_id=event.agency_id)
    check_version(event.version, expected_version, _current(event))
    facilitators = _check(event.agency_id, values)
    changed = [name for name in EDITABLE if getattr(values, name) != _stored(event, name)]
    before = set(event.facilitators.values_list("pk", flat=True))
    after = {person.pk for person in facilitators}
    if before != after:
        changed.append("facilitators")
    if not changed:
        return event
    for name in EDITABLE:
        setattr(event, name, getattr(values, name))
    event.version += 1
    event.full_clean(exclude=["facilitators"])
    event.save()
    if before != after:
        event.facilitators.set(facilitators)
    _audit("outreach_event.updated", actor, event, fields=",".join(changed))
    return event


@transaction.atomic
def do_record_attendance(
    *,
    actor: User,
    event: OutreachEvent,
    expected_version: int,
    audience_size: int | None,
    by_group: dict[str, int] | None = None,
) -> OutreachEvent:
    """How many came, after the event has started; optionally how many of each audience group. Without a total,
    the groups' sum is the total."""
    event = OutreachEvent.objects.select_for_update().get(pk=event.pk, agency_id=event.agency_id)
    check_version(event.version, expected_version, _current(event))
    groups = {code: count for code, count in (by_group or {}).items() if count not in (None, 0)}
    errors: dict[str, list[str]] = {}
    if event.starts_at > timezone.now():
        errors["audience_size"] = [_("Attendance is recorded once the event has started.")]
    if audience_size is not None and not 0 <= audience_size <= ATTENDANCE_MAX:
        errors["audience_size"] = [_("Enter a number of people from 0 upwards.")]
    for code, count in groups.items():
        if code not in Audience.values:
            errors.setdefault("by_group", []).append(_("Count people by the audience groups in the list."))
        elif not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= ATTENDANCE_MAX:
            errors[f"group_{code}"] = [_("Enter a number of people from 0 upwards.")]
    if not errors and groups:
        counted = sum(groups.values())
        if audience_size is None:
            audience_size = counted
        elif counted > audience_size:
            errors["audience_size"] = [
                _("The groups add up to %(counted)s, more than the %(total)s people who came.")
                % {"counted": counted, "total": audience_size}
            ]
    if errors:
        raise DomainError(_("The attendance could not be saved."), code=INVALID, fields=errors)
    event.audience_size = audience_size
    event.attendance_by_group = dict(sorted(groups.items()))
    event.version += 1
    event.save(update_fields=["audience_size", "attendance_by_group", "version", "updated_at"])
    _audit("outreach_event.attendance_recorded", actor, event, audience_size=audience_size, groups=len(groups))
    return event


@transaction.atomic
def do_set_survey_open(*, actor: User, event: OutreachEvent, open_: bool) -> OutreachEvent:
    """Open the event's public survey link (made, unguessable, the first time) or close it. A closed link
    keeps its address and says the survey is closed."""
    event = OutreachEvent.objects.select_for_update().get(pk=event.pk, agency_id=event.agency_id)
    if event.survey_open == open_ and (event.survey_token or not open_):
        return event
    if open_ and not event.survey_token:
        event.survey_token = secrets.token_urlsafe(24)
    event.survey_open = open_
    event.save(update_fields=["survey_open", "survey_token", "updated_at"])
    _audit("outreach_event.survey_opened" if open_ else "outreach_event.survey_closed", actor, event)
    return event


def _check_answers(phase: str, answers: list[Any]) -> None:
    errors = events_survey.answer_errors(answers)
    if phase not in SurveyPhase.values:
        errors["phase"] = [_("Say whether this was answered before or after the event.")]
    if errors:
        raise DomainError(_("The answers could not be saved."), code="outreach.invalid_survey", fields=errors)


def _response(event: OutreachEvent, phase: str, answers: list[Any], source: str) -> EventSurveyResponse:
    definition = events_survey.definition()
    response = EventSurveyResponse(
        agency_id=event.agency_id,
        event=event,
        phase=phase,
        survey_code=definition["code"],
        survey_version=definition["version"],
        answers=list(answers),
        total=events_survey.total(answers),
        source=source,
    )
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def do_enter_paper_survey(*, actor: User, event: OutreachEvent, phase: str, answers: list[Any]) -> EventSurveyResponse:
    """A staff member types in one paper form (the row names neither them nor who filled it in)."""
    _check_answers(phase, answers)
    response = _response(event, phase, answers, SurveySource.PAPER)
    _audit("outreach_event.survey_response_entered", actor, event, phase=phase)
    return response


@transaction.atomic
def do_answer_public_survey(*, event: OutreachEvent, phase: str, answers: list[Any]) -> EventSurveyResponse:
    """An anonymous answer through the event's public link, while it is open."""
    event = OutreachEvent.objects.select_for_update().get(pk=event.pk)
    if not event.survey_open:
        raise DomainError(_("This survey is closed."), code="outreach.survey_closed")
    _check_answers(phase, answers)
    response = _response(event, phase, answers, SurveySource.LINK)
    ip, request_id = client_ip_var.set(None), request_id_var.set("")
    try:
        _audit("outreach_event.survey_answered", None, event, phase=phase)
    finally:
        client_ip_var.reset(ip)
        request_id_var.reset(request_id)
    return response


# Follow-ups -------------------------------------------------------------------------------------------------


@transaction.atomic
def do_add_follow_up(
    *, actor: User, event: OutreachEvent, what: str, owner_id: Any, due_on: datetime.date | None
) -> EventFollowUp:
    """Something to do after the event, owned by a member of the agency's active staff (on their task list)."""
    what = (what or "").strip()
    errors: dict[str, list[str]] = {}
    if not what:
        errors["what"] = [_("Say what needs doing.")]
    elif len(what) > FOLLOW_UP_MAX_LENGTH:
        errors["what"] = [_("Keep it under %(n)s characters.") % {"n": FOLLOW_UP_MAX_LENGTH}]
    owner = active_staff(event.agency_id).filter(pk=owner_id).first() if owner_id else None
    if owner is None:
        errors["owner_id"] = [_("Choose who does it from your agency's active staff.")]
    if errors:
        raise DomainError(_("The follow-up could not be saved."), code="outreach.invalid_follow_up", fields=errors)
    follow_up = EventFollowUp(agency_id=event.agency_id, event=event, what=what, owner=owner, due_on=due_on)
    follow_up.full_clean()
    follow_up.save()
    _audit("outreach_event.follow_up_added", actor, event, follow_up_id=str(follow_up.pk))
    return follow_up


@transaction.atomic
def do_set_follow_up_done(*, actor: User, follow_up: EventFollowUp, expected_version: int, done: bool) -> EventFollowUp:
    """Mark a follow-up done (it leaves the owner's task list) or open it again."""
    follow_up = EventFollowUp.objects.select_for_update().get(pk=follow_up.pk, agency_id=follow_up.agency_id)
    check_version(follow_up.version, expected_version, {"done_at": str(follow_up.done_at or "")})
    if (follow_up.done_at is not None) == done:
        return follow_up
    follow_up.done_at = timezone.now() if done else None
    follow_up.version += 1
    follow_up.save(update_fields=["done_at", "version", "updated_at"])
    write_audit(
        AuditEntry(
            "outreach_event.follow_up_done" if done else "outreach_event.follow_up_reopened",
            actor_id=actor.pk,
            agency_id=follow_up.agency_id,
            object_type="outreach_event",
            object_id=str(follow_up.event_id),
            detail={"follow_up_id": str(follow_up.pk)},
        )
    )
    return follow_up
