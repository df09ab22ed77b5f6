"""Writes about check-ins (issue 9 item 5, DOMAIN.md §13): the survivor's "how are you / are you safe?",
the team's acknowledgement of an urgent one, the survivor's opt-in to scheduled check-ins, and the periodic
job that puts a missed scheduled check-in on the timeline once.

An urgent check-in is not "sent" anywhere: it is an open row that the task list and the home page of the
case's workers (and, outside office hours, of the on-call supervisor) compute from the clock. Nothing goes
to the police, by e-mail or by text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.connect import checkin_selectors, events
from reclaim.connect.models import URGENT_SAFETY, CheckIn, CheckInSchedule, Feeling, Safety
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User
    from reclaim.connect.models import PortalAccount

NOTE_MAX = 2000
ACTION_MAX = 4000
SCHEDULE_CHOICES = (0, 1, 3, 7)


@dataclass(frozen=True)
class CheckInInput:
    feeling: str = ""
    safety: str = ""
    note: str = ""


def _field_error(field: str, message: str, code: str) -> DomainError:
    return DomainError(message, code=code, fields={field: [message]})


@transaction.atomic
def do_check_in(*, account: PortalAccount, data: CheckInInput) -> CheckIn:
    """The survivor checks in. Every answer may be skipped, but not all of them at once."""
    if data.feeling and data.feeling not in Feeling.values:
        raise _field_error("feeling", _("Choose one of the answers, or skip this question."), "invalid_feeling")
    if data.safety and data.safety not in Safety.values:
        raise _field_error("safety", _("Choose one of the answers, or skip this question."), "invalid_safety")
    note = data.note.strip()
    if len(note) > NOTE_MAX:
        raise _field_error("note", _("Please keep this under %(max)s characters.") % {"max": NOTE_MAX}, "note_too_long")
    if not (data.feeling or data.safety or note):
        raise DomainError(_("Answer at least one question, or write a note."), code="empty_check_in")
    row = CheckIn.objects.create(
        agency_id=account.agency_id,
        account=account,
        case_id=account.case_id,
        feeling=data.feeling,
        safety=data.safety,
        note=note,
        urgent=data.safety in URGENT_SAFETY,
    )
    CheckInSchedule.objects.filter(account=account).update(last_check_in_at=row.created_at)
    events.check_in(check_in=row)
    return row


@transaction.atomic
def do_acknowledge_check_in(*, actor: User, check_in: CheckIn, action_taken: str, expected_version: int) -> CheckIn:
    """A worker closes an urgent alert, saying what was done (kept encrypted, shown on the case page)."""
    row = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    check_version(row.version, expected_version)
    if not row.urgent:
        raise DomainError(_("Only an urgent check-in needs acknowledging."), code="check_in_not_urgent")
    if row.acknowledged_at is not None:
        raise DomainError(_("Someone has already acknowledged this check-in."), code="check_in_acknowledged")
    action_taken = action_taken.strip()
    if not action_taken:
        raise _field_error("action_taken", _("Say what was done, for example who called them and when."), "required")
    if len(action_taken) > ACTION_MAX:
        raise _field_error(
            "action_taken", _("Please keep this under %(max)s characters.") % {"max": ACTION_MAX}, "too_long"
        )
    row.acknowledged_at = timezone.now()
    row.acknowledged_by = actor
    row.action_taken = action_taken
    row.version += 1
    row.save()
    events.check_in_acknowledged(check_in=row, actor=actor)
    return row


@transaction.atomic
def do_set_check_in_schedule(*, account: PortalAccount, every_days: int) -> CheckInSchedule | None:
    """The survivor opts in to (or out of) checking in every 1, 3 or 7 days; 0 turns it off."""
    if every_days not in SCHEDULE_CHOICES:
        raise _field_error("every_days", _("Choose one of the answers."), "invalid_schedule")
    schedule = CheckInSchedule.objects.select_for_update().filter(account=account).first()
    now = timezone.now()
    if schedule is None:
        if every_days == 0:
            return None
        schedule = CheckInSchedule(agency_id=account.agency_id, account=account, case_id=account.case_id)
    schedule.every_days = every_days
    schedule.started_at = now  # the clock starts again from the new choice
    schedule.missed_recorded_for = None
    schedule.save()
    write_audit(
        AuditEntry(
            "portal.check_in_schedule_set",
            agency_id=account.agency_id,
            object_type="portal_account",
            object_id=str(account.pk),
            detail={"every_days": every_days},
        )
    )
    return schedule


def record_missed_check_ins(*, now: datetime.datetime | None = None) -> int:
    """For every scheduled check-in missed as of `now`, a PORTAL_CHECK_IN_MISSED timeline row, once per due
    date (the schedule remembers the due date it recorded). Idempotent; one transaction per row."""
    now = now or timezone.now()
    recorded = 0
    for schedule_id in checkin_selectors.missed_schedule_ids(now):
        recorded += _record_missed(schedule_id, now)
    return recorded


def _record_missed(schedule_id: Any, now: datetime.datetime) -> int:
    with transaction.atomic():
        schedule = CheckInSchedule.objects.select_for_update().select_related("case").get(pk=schedule_id)
        due = checkin_selectors.missed_due_on(schedule, now)
        if due is None or schedule.missed_recorded_for == due:
            return 0
        schedule.missed_recorded_for = due
        schedule.save(update_fields=["missed_recorded_for", "updated_at"])
        events.check_in_missed(schedule=schedule, due_on=due.isoformat())
    return 1
