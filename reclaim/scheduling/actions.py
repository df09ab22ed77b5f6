"""Writes of appointments, reminders and calendar-feed tokens: one transaction per call, each with its
timeline event and audit row. Conflicts with the same staff member's or the same case's booked
appointments are refused with `SchedulingConflict` unless the caller confirms (`allow_conflict`)."""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import CAPABILITIES
from reclaim.accounts.selectors import active_membership
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, InvalidTransition, check_version
from reclaim.scheduling import events, selectors
from reclaim.scheduling.models import (
    LANGUAGE_MAX_LENGTH,
    MAX_DURATION,
    OUTCOME_NOTE_MAX_LENGTH,
    PARTNER_MAX_LENGTH,
    PLACE_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    VIDEO_LINK_MAX_LENGTH,
    Appointment,
    AppointmentAttendee,
    AppointmentMode,
    AppointmentStatus,
    CalendarFeedToken,
    Reminder,
    ReminderChannel,
    ReminderStatus,
)
from reclaim.scheduling.sms import get_sms_backend
from reclaim.services.actions import ServiceEntry, do_record_service
from reclaim.services.models import DeliveryMode, ServiceSource, ServiceType
from reclaim.services.selectors import live_records_for_source

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.scheduling.selectors import Clash

logger = logging.getLogger(__name__)

# Reminders before an appointment, to each staff attendee.
REMINDER_OFFSETS = (datetime.timedelta(hours=24), datetime.timedelta(hours=1))
EDITABLE_FIELDS = (
    "attendee_ids",
    "partner_name",
    "service_type",
    "purpose",
    "starts_at",
    "ends_at",
    "mode",
    "place",
    "place_confidential",
    "video_link",
    "interpreter_needed",
    "interpreter_language",
)


class SchedulingConflict(DomainError):
    """The times overlap booked appointments of the same staff member or case; `clashes` lists them."""

    code = "scheduling.conflict"

    def __init__(self, clashes: list[Clash]) -> None:
        super().__init__(_("This time overlaps other appointments. Check them, then book anyway if it is right."))
        self.clashes = clashes


@dataclass
class AppointmentValues:
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    attendee_ids: list[UUID] = field(default_factory=list)
    partner_name: str = ""
    service_type: str = ""  # a taxonomy code, e.g. "legal_assistance.immigration"; "" for none
    purpose: str = ""
    mode: str = AppointmentMode.IN_PERSON
    place: str = ""
    place_confidential: bool = False
    video_link: str = ""
    interpreter_needed: bool = False
    interpreter_language: str = ""

    @staticmethod
    def of(appointment: Appointment) -> AppointmentValues:
        return AppointmentValues(
            starts_at=appointment.starts_at,
            ends_at=appointment.ends_at,
            attendee_ids=[user.pk for user in appointment.attendees.all()],
            partner_name=appointment.partner_name or "",
            service_type=appointment.service_type.code if appointment.service_type else "",
            purpose=appointment.purpose or "",
            mode=appointment.mode,
            place=appointment.place or "",
            place_confidential=appointment.place_confidential,
            video_link=appointment.video_link or "",
            interpreter_needed=appointment.interpreter_needed,
            interpreter_language=appointment.interpreter_language or "",
        )


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _casework_roles() -> list[str]:
    return [role for role, caps in CAPABILITIES.items() if caps.works_cases]


def _check_times(values: AppointmentValues, now: datetime.datetime, errors: dict[str, list[str]]) -> None:
    if values.starts_at is None:
        _add(errors, "starts_at", _("Enter when the appointment starts."))
    if values.ends_at is None:
        _add(errors, "ends_at", _("Enter when the appointment ends."))
    if values.starts_at is None or values.ends_at is None:
        return
    if values.ends_at <= values.starts_at:
        _add(errors, "ends_at", _("The end must be after the start."))
    elif values.ends_at - values.starts_at > MAX_DURATION:
        _add(errors, "ends_at", _("An appointment can last at most 12 hours."))
    if values.starts_at < now:
        _add(errors, "starts_at", _("This time has passed. Book appointments for a time still to come."))


def _check_attendees(case: Case, values: AppointmentValues, errors: dict[str, list[str]]) -> None:
    attendee_ids = list(dict.fromkeys(values.attendee_ids))
    if not attendee_ids and not values.partner_name.strip():
        _add(errors, "attendee_ids", _("Choose at least one staff member, or name the partner agency."))
    if attendee_ids:
        staff = set(
            Membership.objects.filter(
                agency_id=case.agency_id, is_active=True, user_id__in=attendee_ids, role__in=_casework_roles()
            ).values_list("user_id", flat=True)
        )
        if len(staff) != len(attendee_ids):
            _add(errors, "attendee_ids", _("Choose staff members of your agency who work with cases."))


def _check_texts(values: AppointmentValues, errors: dict[str, list[str]]) -> None:
    for name, value, limit in (
        ("purpose", values.purpose, PURPOSE_MAX_LENGTH),
        ("place", values.place, PLACE_MAX_LENGTH),
        ("partner_name", values.partner_name, PARTNER_MAX_LENGTH),
        ("video_link", values.video_link, VIDEO_LINK_MAX_LENGTH),
        ("interpreter_language", values.interpreter_language, LANGUAGE_MAX_LENGTH),
    ):
        if len(value) > limit:
            _add(errors, name, _("Keep this under %(n)s characters.") % {"n": limit})
    if values.video_link.strip() and not values.video_link.strip().lower().startswith(("https://", "http://")):
        _add(errors, "video_link", _("Enter a web address starting with https://."))


def _check(
    case: Case, values: AppointmentValues, now: datetime.datetime
) -> tuple[dict[str, list[str]], ServiceType | None]:
    """Field errors (empty when valid) and the service type (or None)."""
    errors: dict[str, list[str]] = {}
    _check_times(values, now, errors)
    if values.mode not in AppointmentMode.values:
        _add(errors, "mode", _("Choose how the appointment happens."))
    _check_attendees(case, values, errors)
    _check_texts(values, errors)
    service_type = None
    if values.service_type:
        service_type = ServiceType.objects.filter(
            code=values.service_type, retired=False, category__retired=False
        ).first()
        if service_type is None:
            _add(errors, "service_type", _("Choose a kind of service from the list."))
    return errors, service_type


def _validated(case: Case, values: AppointmentValues, now: datetime.datetime) -> ServiceType | None:
    errors, service_type = _check(case, values, now)
    if errors:
        raise DomainError(
            _("The appointment could not be saved; nothing was changed."), code="scheduling.invalid", fields=errors
        )
    return service_type


def _raise_on_clashes(
    actor: User, case: Case, values: AppointmentValues, *, exclude_id: Any = None, allow_conflict: bool
) -> None:
    if allow_conflict or values.starts_at is None or values.ends_at is None:
        return
    clashes = selectors.clashes_for(
        viewer=actor,
        agency_id=case.agency_id,
        case_id=case.pk,
        attendee_ids=values.attendee_ids,
        starts_at=values.starts_at,
        ends_at=values.ends_at,
        exclude_id=exclude_id,
    )
    if clashes:
        raise SchedulingConflict(clashes)


def _apply(appointment: Appointment, values: AppointmentValues, service_type: ServiceType | None) -> None:
    if values.starts_at is None or values.ends_at is None:  # refused by _check before any write
        raise DomainError(_("Enter when the appointment starts and ends."), code="scheduling.invalid")
    appointment.starts_at = values.starts_at
    appointment.ends_at = values.ends_at
    appointment.partner_name = values.partner_name.strip()
    appointment.service_type = service_type
    appointment.purpose = values.purpose.strip()
    appointment.mode = values.mode
    appointment.place = values.place.strip()
    appointment.place_confidential = values.place_confidential
    appointment.video_link = values.video_link.strip()
    appointment.interpreter_needed = values.interpreter_needed
    appointment.interpreter_language = values.interpreter_language.strip() if values.interpreter_needed else ""


def _set_attendees(appointment: Appointment, attendee_ids: list[UUID]) -> None:
    AppointmentAttendee.objects.filter(appointment=appointment).exclude(user_id__in=attendee_ids).delete()
    present = set(AppointmentAttendee.objects.filter(appointment=appointment).values_list("user_id", flat=True))
    AppointmentAttendee.objects.bulk_create(
        [
            AppointmentAttendee(agency_id=appointment.agency_id, appointment=appointment, user_id=user_id)
            for user_id in dict.fromkeys(attendee_ids)
            if user_id not in present
        ]
    )


def _schedule_reminders(appointment: Appointment, now: datetime.datetime) -> int:
    """The default reminders to each staff attendee: in the app, and by email when enabled and the person has
    an address. Reminders whose time has already passed are not created."""
    email_on = getattr(settings, "RECLAIM_APPOINTMENT_EMAIL_REMINDERS", False)
    rows: list[Reminder] = []
    for link in AppointmentAttendee.objects.filter(appointment=appointment).select_related("user"):
        channels = [ReminderChannel.IN_APP]
        if email_on and link.user.email:
            channels.append(ReminderChannel.EMAIL)
        for offset in REMINDER_OFFSETS:
            send_at = appointment.starts_at - offset
            if send_at <= now:
                continue
            rows.extend(
                Reminder(
                    agency_id=appointment.agency_id,
                    appointment=appointment,
                    recipient=link.user,
                    channel=channel,
                    send_at=send_at,
                )
                for channel in channels
            )
    Reminder.objects.bulk_create(rows)
    return len(rows)


def _skip_pending_reminders(appointment: Appointment) -> None:
    Reminder.objects.filter(appointment=appointment, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SKIPPED
    )


@transaction.atomic
def do_book_appointment(
    *, actor: User, case: Case, values: AppointmentValues, allow_conflict: bool = False
) -> Appointment:
    """Book an appointment on a case the caller may edit (checked by the caller's gate)."""
    now = timezone.now()
    service_type = _validated(case, values, now)
    _raise_on_clashes(actor, case, values, allow_conflict=allow_conflict)
    appointment = Appointment(agency_id=case.agency_id, case=case, booked_by=actor)
    _apply(appointment, values, service_type)
    appointment.full_clean()
    appointment.save()
    _set_attendees(appointment, values.attendee_ids)
    _schedule_reminders(appointment, now)
    events.appointment_booked(
        case=case,
        actor=actor,
        appointment_id=str(appointment.pk),
        mode=appointment.mode,
        service_type=service_type.code if service_type else "",
    )
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("case", "service_type")
        .get(pk=appointment.pk)
    )


def _current(appointment: Appointment) -> dict[str, Any]:
    return {"status": appointment.status, "starts_at": appointment.starts_at, "ends_at": appointment.ends_at}


@transaction.atomic
def do_change_appointment(
    *,
    actor: User,
    appointment: Appointment,
    expected_version: int,
    values: AppointmentValues,
    allow_conflict: bool = False,
) -> Appointment:
    """Change a booked appointment. Moving it to another time keeps the old one as "moved" and books a new
    one (with new reminders and a new calendar UID); the new one is returned."""
    appointment = _locked(appointment)
    check_version(appointment.version, expected_version, _current(appointment))
    if appointment.status != AppointmentStatus.BOOKED:
        raise InvalidTransition(_("Only a booked appointment can be changed."), code="scheduling.not_booked")
    case = appointment.case
    before = AppointmentValues.of(appointment)
    attendees_changed = set(before.attendee_ids) != set(values.attendee_ids)
    changed = [
        name for name in EDITABLE_FIELDS if name != "attendee_ids" and getattr(before, name) != getattr(values, name)
    ] + (["attendee_ids"] if attendees_changed else [])
    moved = before.starts_at != values.starts_at or before.ends_at != values.ends_at
    now = timezone.now()
    if moved:
        service_type = _validated(case, values, now)
    else:
        # Other details of an appointment whose time has passed may still be corrected.
        errors, service_type = _check(case, values, now)
        errors.pop("starts_at", None)
        if errors:
            raise DomainError(
                _("The appointment could not be saved; nothing was changed."), code="scheduling.invalid", fields=errors
            )
    if moved or attendees_changed:
        _raise_on_clashes(actor, case, values, exclude_id=appointment.pk, allow_conflict=allow_conflict)
    if not changed:
        return appointment
    if not moved:
        _apply(appointment, values, service_type)
        appointment.version += 1
        appointment.full_clean()
        appointment.save()
        if attendees_changed:
            _set_attendees(appointment, values.attendee_ids)
            _skip_pending_reminders(appointment)
            _schedule_reminders(appointment, now)
        events.appointment_changed(case=case, actor=actor, appointment_id=str(appointment.pk), fields=sorted(changed))
        return appointment
    appointment.status = AppointmentStatus.RESCHEDULED
    appointment.cancelled_at = now
    appointment.version += 1
    appointment.save(update_fields=["status", "cancelled_at", "version", "updated_at"])
    _skip_pending_reminders(appointment)
    moved_to = Appointment(agency_id=case.agency_id, case=case, booked_by=actor, rescheduled_from=appointment)
    _apply(moved_to, values, service_type)
    moved_to.full_clean()
    moved_to.save()
    _set_attendees(moved_to, values.attendee_ids)
    _schedule_reminders(moved_to, now)
    events.appointment_changed(
        case=case,
        actor=actor,
        appointment_id=str(appointment.pk),
        fields=sorted(changed),
        new_appointment_id=str(moved_to.pk),
    )
    return moved_to


CANCEL_BY = {"survivor": AppointmentStatus.CANCELLED_BY_SURVIVOR, "agency": AppointmentStatus.CANCELLED_BY_AGENCY}


@transaction.atomic
def do_cancel_appointment(*, actor: User, appointment: Appointment, expected_version: int, by: str) -> Appointment:
    """Cancel a booked appointment, saying who cancelled it ("survivor" or "agency"); pending reminders stop."""
    if by not in CANCEL_BY:
        raise DomainError(
            _("Say who cancelled the appointment."),
            code="scheduling.invalid",
            fields={"by": [_("Choose who cancelled.")]},
        )
    appointment = _locked(appointment)
    check_version(appointment.version, expected_version, _current(appointment))
    if appointment.status != AppointmentStatus.BOOKED:
        raise InvalidTransition(_("Only a booked appointment can be cancelled."), code="scheduling.not_booked")
    appointment.status = CANCEL_BY[by]
    appointment.cancelled_at = timezone.now()
    appointment.version += 1
    appointment.save(update_fields=["status", "cancelled_at", "version", "updated_at"])
    _skip_pending_reminders(appointment)
    events.appointment_cancelled(
        case=appointment.case, actor=actor, appointment_id=str(appointment.pk), status=appointment.status
    )
    return appointment


_SERVICE_MODE: dict[str, str] = {
    AppointmentMode.IN_PERSON: DeliveryMode.IN_PERSON,
    AppointmentMode.VIDEO: DeliveryMode.VIDEO,
    AppointmentMode.PHONE: DeliveryMode.PHONE,
}


def _record_service(actor: User, appointment: Appointment) -> str:
    """The service record of a kept appointment, written once (a second call finds the first)."""
    existing = live_records_for_source(ServiceSource.APPOINTMENT, appointment.pk).get(appointment.case_id)
    if existing is not None:
        return str(existing.pk)
    if appointment.service_type is None:
        raise DomainError(
            _("Choose the kind of service on the appointment first."),
            code="scheduling.no_service_type",
            fields={"record_service": [_("This appointment has no kind of service to record.")]},
        )
    attendee_ids = [user.pk for user in appointment.attendees.all()]
    record = do_record_service(
        actor=actor,
        case=appointment.case,
        entry=ServiceEntry(
            service_type=appointment.service_type.code,
            delivered_on=timezone.localdate(appointment.starts_at),
            duration_minutes=appointment.duration_minutes,
            provider_id=actor.pk if actor.pk in attendee_ids else (attendee_ids[0] if attendee_ids else None),
            provider_organisation=appointment.partner_name or "",
            provision="referred" if not attendee_ids else "direct",
            mode=_SERVICE_MODE.get(appointment.mode, DeliveryMode.OTHER),
            source_kind=ServiceSource.APPOINTMENT,
            source_id=appointment.pk,
        ),
    )
    return str(record.pk)


@transaction.atomic
def do_record_appointment_outcome(
    *,
    actor: User,
    appointment: Appointment,
    expected_version: int,
    outcome: str,
    note: str = "",
    record_service: bool = False,
) -> Appointment:
    """Record that an appointment was kept or missed (it may be corrected later). A kept appointment may write
    its service record to the service log, once."""
    if outcome not in (AppointmentStatus.KEPT, AppointmentStatus.NO_SHOW):
        raise DomainError(
            _("Say whether the appointment was kept or missed."),
            code="scheduling.invalid",
            fields={"outcome": [_("Choose kept or missed.")]},
        )
    if len(note) > OUTCOME_NOTE_MAX_LENGTH:
        raise DomainError(
            _("The note is too long."),
            code="scheduling.invalid",
            fields={"note": [_("Keep this under %(n)s characters.") % {"n": OUTCOME_NOTE_MAX_LENGTH}]},
        )
    appointment = _locked(appointment)
    check_version(appointment.version, expected_version, _current(appointment))
    if appointment.status not in (AppointmentStatus.BOOKED, AppointmentStatus.KEPT, AppointmentStatus.NO_SHOW):
        raise InvalidTransition(
            _("A cancelled or moved appointment has no outcome to record."), code="scheduling.not_booked"
        )
    if appointment.starts_at > timezone.now():
        raise DomainError(
            _("This appointment has not started yet. Record how it went afterwards."),
            code="scheduling.not_started",
            fields={"outcome": [_("The appointment has not started yet.")]},
        )
    appointment.status = outcome
    appointment.outcome_note = note.strip()
    appointment.outcome_recorded_at = timezone.now()
    appointment.outcome_recorded_by = actor
    appointment.version += 1
    appointment.full_clean()
    appointment.save()
    _skip_pending_reminders(appointment)
    if outcome == AppointmentStatus.KEPT:
        service_id = _record_service(actor, appointment) if record_service else ""
        events.appointment_attended(
            case=appointment.case, actor=actor, appointment_id=str(appointment.pk), service_id=service_id
        )
    else:
        events.appointment_no_show(case=appointment.case, actor=actor, appointment_id=str(appointment.pk))
    return appointment


# --- Reminders --------------------------------------------------------------------------------------


def reminder_text(starts_at: datetime.datetime) -> str:
    """Neutral words only: no survivor, no case, no place, no kind of service."""
    local = timezone.localtime(starts_at)
    return _("You have an appointment at %(time)s on %(date)s. Sign in to Reclaim to see it.") % {
        "time": formats.time_format(local, "TIME_FORMAT"),
        "date": formats.date_format(local.date(), "DATE_FORMAT"),
    }


def staff_sms_number(user: User) -> str:
    """Staff profiles hold no mobile number yet, so no text message is sent; the gateway path is ready."""
    return str(getattr(user, "mobile_number", "") or "")


def _claim(reminder_id: UUID, now: datetime.datetime) -> Reminder | None:
    """Mark one due reminder as sent (or skipped), under a row lock, so a second run never sends it again."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("appointment", "recipient")
            .filter(pk=reminder_id, status=ReminderStatus.PENDING)
            .first()
        )
        if reminder is None:
            return None
        appointment = reminder.appointment
        if appointment.status != AppointmentStatus.BOOKED or appointment.starts_at <= now:
            reminder.status = ReminderStatus.SKIPPED
            reminder.save(update_fields=["status", "updated_at"])
            return None
        reminder.status = ReminderStatus.SENT
        reminder.sent_at = now
        reminder.save(update_fields=["status", "sent_at", "updated_at"])
        return reminder


def _deliver(reminder: Reminder) -> bool:
    """Send one claimed reminder; False when it could not go out on its channel."""
    text = reminder_text(reminder.appointment.starts_at)
    if reminder.channel == ReminderChannel.IN_APP:
        return True  # shown in the recipient's task list
    if reminder.channel == ReminderChannel.EMAIL:
        if not reminder.recipient.email:
            return False
        send_mail(_("Appointment reminder"), text, None, [reminder.recipient.email])
        return True
    number = staff_sms_number(reminder.recipient)
    if not number:
        return False
    get_sms_backend().send(to=number, body=text)
    return True


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Send every reminder that is due and still pending; return how many went out. Safe to run again:
    each reminder is claimed before it is sent."""
    now = now or timezone.now()
    sent = 0
    for reminder_id in list(selectors.due_reminders(now).values_list("pk", flat=True)):
        reminder = _claim(reminder_id, now)
        if reminder is None:
            continue
        try:
            delivered = _deliver(reminder)
        except Exception:
            logger.exception("reminder %s could not be sent on channel %s", reminder.pk, reminder.channel)
            delivered = False
        if not delivered:
            Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.FAILED)
            continue
        sent += 1
    return sent


# --- Calendar feeds ---------------------------------------------------------------------------------


def feed_token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def do_create_feed_token(*, actor: User, include_places: bool = False) -> tuple[CalendarFeedToken, str]:
    """A new private feed address for the actor (any earlier one stops working); the secret is returned once."""
    membership = active_membership(actor)
    if membership is None:
        raise DomainError(_("Only staff of an agency have a calendar feed."), code="scheduling.no_feed")
    now = timezone.now()
    CalendarFeedToken.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=now)
    secret = secrets.token_urlsafe(32)
    token = CalendarFeedToken(
        agency_id=membership.agency_id, user=actor, token_hash=feed_token_hash(secret), include_places=include_places
    )
    token.full_clean()
    token.save()
    write_audit(
        AuditEntry(
            "calendar_feed.created",
            actor_id=actor.pk,
            agency_id=membership.agency_id,
            object_type="calendar_feed",
            object_id=str(token.pk),
            detail={"include_places": include_places},
        )
    )
    return token, secret


@transaction.atomic
def do_set_feed_places(*, actor: User, include_places: bool) -> CalendarFeedToken | None:
    token = selectors.live_feed_token(actor)
    if token is None:
        return None
    token.include_places = include_places
    token.save(update_fields=["include_places", "updated_at"])
    write_audit(
        AuditEntry(
            "calendar_feed.changed",
            actor_id=actor.pk,
            agency_id=token.agency_id,
            object_type="calendar_feed",
            object_id=str(token.pk),
            detail={"include_places": include_places},
        )
    )
    return token


@transaction.atomic
def do_revoke_feed_token(*, actor: User) -> bool:
    """Turn the actor's feed off: its address answers 404 from now on."""
    token = selectors.live_feed_token(actor)
    if token is None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    write_audit(
        AuditEntry(
            "calendar_feed.revoked",
            actor_id=actor.pk,
            agency_id=token.agency_id,
            object_type="calendar_feed",
            object_id=str(token.pk),
        )
    )
    return True


def note_feed_used(token: CalendarFeedToken, now: datetime.datetime) -> None:
    """Remember when a feed was last fetched (at most once a minute, to keep polling cheap)."""
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
