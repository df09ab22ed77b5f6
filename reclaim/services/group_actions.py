"""Writes for group programs: programs, sessions (one-off or from a weekly repeat rule), enrolment, leaving,
completion, certificates and attendance. Attendance writes one service record per person present (source
"group_session"), idempotently: saving the sheet again adds nothing, and a change from present to absent
voids that person's record. Timeline events carry ids and codes only."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dateutil import rrule
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType
from reclaim.cases.state import CaseStatus
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.services import events as service_events
from reclaim.services.actions import ServiceEntry, do_record_services
from reclaim.services.group_selectors import counted_sessions, facilitator_choices, grants_for_agency
from reclaim.services.models import (
    GROUP_KIND_SERVICE_TYPES,
    MAX_SESSION_MINUTES,
    AttendanceStatus,
    Certificate,
    EnrolmentStatus,
    GroupAttendance,
    GroupEnrolment,
    GroupFacilitator,
    GroupKind,
    GroupProgram,
    GroupSession,
    GroupStatus,
    LeaveReason,
    ServiceRecord,
    ServiceSource,
)
from reclaim.services.selectors import live_records_for_source, service_type_by_code

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.accounts.models import Agency, User
    from reclaim.cases.models import Case

NAME_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 2000
PLACE_MAX_LENGTH = 300
MAX_SESSIONS_PER_RULE = 200
MAX_MARKS = 500
VOID_REASON = "Attendance changed: not present at the group session."


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


# Programs ----------------------------------------------------------------------------------------------------


@dataclass
class GroupProgramData:
    name: str
    starts_on: datetime.date | None
    kind: str = GroupKind.SUPPORT_GROUP
    service_type: str = ""  # a taxonomy code; empty = the default for the kind
    description: str = ""
    capacity: int | None = None
    ends_on: datetime.date | None = None
    location: str = ""
    grant_id: UUID | None = None
    status: str = GroupStatus.PLANNED
    completion_percent: int = 75
    facilitator_ids: list[UUID] = field(default_factory=list)


def _check_text(data: GroupProgramData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        _add(errors, "name", _("Give the group a name."))
    elif len(data.name) > NAME_MAX_LENGTH:
        _add(errors, "name", _("Keep the name under %(n)s characters.") % {"n": NAME_MAX_LENGTH})
    for name, value, limit in (
        ("description", data.description, TEXT_MAX_LENGTH),
        ("location", data.location, PLACE_MAX_LENGTH),
    ):
        if len(value) > limit:
            _add(errors, name, _("Keep this under %(n)s characters.") % {"n": limit})
    return errors


def _check_values(data: GroupProgramData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in GroupKind.values:
        _add(errors, "kind", _("Choose a kind of group from the list."))
    if data.status not in GroupStatus.values:
        _add(errors, "status", _("Choose a status from the list."))
    if data.starts_on is None:
        _add(errors, "starts_on", _("Enter the date the group starts."))
    elif data.ends_on is not None and data.ends_on < data.starts_on:
        _add(errors, "ends_on", _("The end date must be on or after the start date."))
    if data.capacity is not None and data.capacity < 1:
        _add(errors, "capacity", _("Enter at least one place, or leave it empty for no limit."))
    if not 1 <= data.completion_percent <= 100:  # noqa: PLR2004
        _add(errors, "completion_percent", _("Enter a share between 1 and 100 percent."))
    return errors


def _check_program(agency_id: Any, data: GroupProgramData) -> tuple[dict[str, list[str]], Any]:
    errors = _check_text(data) | _check_values(data)
    code = data.service_type or GROUP_KIND_SERVICE_TYPES.get(data.kind, "")
    service_type = service_type_by_code(code) if code else None
    if service_type is None:
        _add(errors, "service_type", _("Choose the kind of service attendance counts as."))
    if data.grant_id and not grants_for_agency(agency_id).filter(pk=data.grant_id).exists():
        _add(errors, "grant", _("Choose one of your agency's funding sources."))
    if data.facilitator_ids:
        allowed = set(facilitator_choices(agency_id).filter(pk__in=data.facilitator_ids).values_list("pk", flat=True))
        if allowed != set(data.facilitator_ids):
            _add(errors, "facilitators", _("Choose facilitators from your agency's staff and volunteers."))
    return errors, service_type


def _apply(program: GroupProgram, data: GroupProgramData, service_type: Any) -> None:
    program.name = data.name.strip()
    program.kind = data.kind
    program.service_type = service_type
    program.description = data.description.strip()
    program.capacity = data.capacity
    assert data.starts_on is not None  # checked by _check_program  # noqa: S101
    program.starts_on = data.starts_on
    program.ends_on = data.ends_on
    program.location = data.location.strip()
    program.grant_id = data.grant_id
    program.status = data.status
    program.completion_percent = data.completion_percent


def _set_facilitators(program: GroupProgram, user_ids: list[UUID]) -> None:
    wanted = set(user_ids)
    current = set(GroupFacilitator.objects.filter(program=program).values_list("user_id", flat=True))
    GroupFacilitator.objects.filter(program=program, user_id__in=current - wanted).delete()
    GroupFacilitator.objects.bulk_create(
        [GroupFacilitator(agency_id=program.agency_id, program=program, user_id=uid) for uid in wanted - current]
    )


def _audit(actor: User, program: GroupProgram, action: str, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=program.agency_id,
            object_type="group_program",
            object_id=str(program.pk),
            detail=detail,
        )
    )


@transaction.atomic
def do_create_program(*, actor: User, agency: Agency, data: GroupProgramData) -> GroupProgram:
    errors, service_type = _check_program(agency.pk, data)
    if errors:
        raise DomainError(
            _("The group could not be saved; check the marked fields."), code="groups.invalid", fields=errors
        )
    program = GroupProgram(agency=agency, created_by=actor)
    _apply(program, data, service_type)
    program.full_clean()
    program.save()
    _set_facilitators(program, data.facilitator_ids)
    _audit(actor, program, "group.created", kind=program.kind)
    return program


@transaction.atomic
def do_update_program(
    *, actor: User, program: GroupProgram, data: GroupProgramData, expected_version: int
) -> GroupProgram:
    program = GroupProgram.objects.select_for_update().get(pk=program.pk)
    check_version(
        program.version,
        expected_version,
        {"name": program.name, "status": program.get_status_display(), "capacity": program.capacity},
    )
    errors, service_type = _check_program(program.agency_id, data)
    if errors:
        raise DomainError(
            _("The group could not be saved; check the marked fields."), code="groups.invalid", fields=errors
        )
    _apply(program, data, service_type)
    program.version += 1
    program.full_clean()
    program.save()
    _set_facilitators(program, data.facilitator_ids)
    _audit(actor, program, "group.updated")
    return program


# Sessions ----------------------------------------------------------------------------------------------------

WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


@dataclass
class SessionRule:
    """Weekly on the chosen weekdays (0 = Monday), every `interval` weeks, until a date or for `count` sessions
    (or until the program's end date when neither is given)."""

    weekdays: list[int]
    start_time: datetime.time
    duration_minutes: int = 90
    interval: int = 1
    until: datetime.date | None = None
    count: int | None = None
    starts_on: datetime.date | None = None  # default: the program's start date


def _occurrences(program: GroupProgram, rule: SessionRule) -> tuple[list[datetime.datetime], str]:
    """The session start times of a rule (aware, local time) and its RRULE text; DomainError when invalid."""
    errors: dict[str, list[str]] = {}
    if not rule.weekdays or any(day not in range(7) for day in rule.weekdays):
        _add(errors, "weekdays", _("Choose at least one day of the week."))
    if not 1 <= rule.interval <= 8:  # noqa: PLR2004
        _add(errors, "interval", _("Repeat every 1 to 8 weeks."))
    if not 1 <= rule.duration_minutes <= MAX_SESSION_MINUTES:
        _add(errors, "duration_minutes", _("Enter a duration between 1 minute and 8 hours."))
    until = rule.until or (None if rule.count else program.ends_on)
    if until is None and not rule.count:
        _add(errors, "until", _("Say until when, or how many sessions (the group has no end date)."))
    if rule.count is not None and not 1 <= rule.count <= MAX_SESSIONS_PER_RULE:
        _add(errors, "count", _("Enter between 1 and %(n)s sessions.") % {"n": MAX_SESSIONS_PER_RULE})
    first = rule.starts_on or program.starts_on
    if until is not None and until < first:
        _add(errors, "until", _("The last date must be on or after the first."))
    if errors:
        raise DomainError(
            _("The sessions could not be planned; check the marked fields."), code="groups.invalid_rule", fields=errors
        )
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, rule.start_time)
    end = datetime.datetime.combine(until, datetime.time(23, 59)) if until else None
    days = [WEEKDAYS[day] for day in sorted(set(rule.weekdays))]
    made = rrule.rrule(
        rrule.WEEKLY,
        dtstart=start,
        interval=rule.interval,
        byweekday=days,
        until=end,
        count=None if end else rule.count,
    )
    text = str(made).split("\n")[-1].removeprefix("RRULE:")
    occurrences = [timezone.make_aware(when, tz) for when in made[: MAX_SESSIONS_PER_RULE + 1]]
    if len(occurrences) > MAX_SESSIONS_PER_RULE:
        raise DomainError(
            _("That would make more than %(n)s sessions; choose an earlier last date.") % {"n": MAX_SESSIONS_PER_RULE},
            code="groups.too_many_sessions",
            fields={"until": [_("Choose an earlier last date.")]},
        )
    return occurrences, text


@transaction.atomic
def do_generate_sessions(*, actor: User, program: GroupProgram, rule: SessionRule) -> list[GroupSession]:
    """Plan sessions from a weekly rule; dates that already have a session are skipped. The rule is kept on the
    program (RFC 5545 RRULE text)."""
    program = GroupProgram.objects.select_for_update().get(pk=program.pk)
    occurrences, text = _occurrences(program, rule)
    existing = set(GroupSession.objects.filter(program=program).values_list("starts_at", flat=True))
    sessions = [
        GroupSession(
            agency_id=program.agency_id, program=program, starts_at=when, duration_minutes=rule.duration_minutes
        )
        for when in occurrences
        if when not in existing
    ]
    GroupSession.objects.bulk_create(sessions)
    program.recurrence = text[:200]
    program.version += 1
    program.save(update_fields=["recurrence", "version", "updated_at"])
    _audit(actor, program, "group.sessions_planned", added=len(sessions))
    return sessions


@transaction.atomic
def do_add_session(
    *,
    actor: User,
    program: GroupProgram,
    starts_at: datetime.datetime | None,
    duration_minutes: int,
    topic: str = "",
    location: str = "",
) -> GroupSession:
    errors: dict[str, list[str]] = {}
    if starts_at is None:
        _add(errors, "starts_at", _("Enter the date and time of the session."))
    elif GroupSession.objects.filter(program=program, starts_at=starts_at).exists():
        _add(errors, "starts_at", _("There is already a session at that time."))
    if not 1 <= duration_minutes <= MAX_SESSION_MINUTES:
        _add(errors, "duration_minutes", _("Enter a duration between 1 minute and 8 hours."))
    for name, value in (("topic", topic), ("location", location)):
        if len(value) > PLACE_MAX_LENGTH:
            _add(errors, name, _("Keep this under %(n)s characters.") % {"n": PLACE_MAX_LENGTH})
    if errors:
        raise DomainError(
            _("The session could not be added; check the marked fields."), code="groups.invalid_session", fields=errors
        )
    assert starts_at is not None  # checked above  # noqa: S101
    session = GroupSession(
        agency_id=program.agency_id,
        program=program,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        topic=topic.strip(),
        location=location.strip(),
    )
    session.full_clean()
    session.save()
    _audit(actor, program, "group.session_added", session_id=str(session.pk))
    return session


@transaction.atomic
def do_cancel_session(*, actor: User, session: GroupSession) -> GroupSession:
    session = GroupSession.objects.select_for_update().get(pk=session.pk)
    if session.cancelled:
        return session
    if live_records_for_source(ServiceSource.GROUP_SESSION, session.pk):
        raise DomainError(
            _("People were marked present at this session. Change them to absent first, then cancel it."),
            code="groups.session_has_attendance",
        )
    session.cancelled = True
    session.version += 1
    session.save(update_fields=["cancelled", "version", "updated_at"])
    _audit(actor, session.program, "group.session_cancelled", session_id=str(session.pk))
    return session


# Enrolment ---------------------------------------------------------------------------------------------------


def _event(case: Case, actor: User, event_type: str, action: str, enrolment: GroupEnrolment, **extra: str) -> None:
    _record(
        case, actor, event_type, action, program_id=str(enrolment.program_id), enrolment_id=str(enrolment.pk), **extra
    )


@transaction.atomic
def do_enrol(*, actor: User, program: GroupProgram, case: Case) -> GroupEnrolment:
    """Enrol the survivor of a case (the caller checked the user may see it). Capacity is checked under a lock
    on the program, so two people cannot take the last place."""
    program = GroupProgram.objects.select_for_update().get(pk=program.pk)
    if case.agency_id != program.agency_id:
        raise DomainError(
            _("Choose a case of your agency."),
            code="groups.other_agency",
            fields={"case_number": [_("Choose a case of your agency.")]},
        )
    if program.status in (GroupStatus.FINISHED, GroupStatus.CANCELLED):
        raise DomainError(_("This group has ended; nobody can join it now."), code="groups.closed")
    if case.status == CaseStatus.CLOSED:
        raise DomainError(
            _("This case is closed. Reopen it before enrolling."),
            code="groups.case_closed",
            fields={"case_number": [_("This case is closed.")]},
        )
    active = GroupEnrolment.objects.filter(program=program).exclude(status=EnrolmentStatus.LEFT)
    if active.filter(case=case).exists():
        raise DomainError(
            _("This person is already in the group."),
            code="groups.already_enrolled",
            fields={"case_number": [_("This person is already in the group.")]},
        )
    if program.capacity is not None and active.count() >= program.capacity:
        raise DomainError(
            _("The group is full (%(n)s places). Raise the number of places or wait for someone to leave.")
            % {"n": program.capacity},
            code="groups.full",
            fields={"case_number": [_("The group is full.")]},
        )
    enrolment = GroupEnrolment(
        agency_id=program.agency_id, program=program, case=case, enrolled_on=timezone.localdate(), enrolled_by=actor
    )
    enrolment.full_clean()
    enrolment.save()
    _event(case, actor, EventType.GROUP_ENROLLED, "group.enrolled", enrolment)
    return enrolment


@transaction.atomic
def do_leave(
    *, actor: User, enrolment: GroupEnrolment, reason: str, note: str = "", expected_version: int
) -> GroupEnrolment:
    enrolment = GroupEnrolment.objects.select_for_update().select_related("case").get(pk=enrolment.pk)
    check_version(enrolment.version, expected_version, {"status": enrolment.get_status_display()})
    if enrolment.status == EnrolmentStatus.LEFT:
        raise DomainError(_("This person has already left the group."), code="groups.already_left")
    if reason not in LeaveReason.values:
        raise DomainError(
            _("Choose a reason from the list."),
            code="groups.invalid",
            fields={"reason": [_("Choose a reason from the list.")]},
        )
    if len(note) > TEXT_MAX_LENGTH:
        raise DomainError(
            _("Keep the note shorter."),
            code="groups.invalid",
            fields={"note": [_("Keep this under %(n)s characters.") % {"n": TEXT_MAX_LENGTH}]},
        )
    enrolment.status = EnrolmentStatus.LEFT
    enrolment.left_on = timezone.localdate()
    enrolment.leave_reason = reason
    enrolment.leave_note = note.strip()
    enrolment.version += 1
    enrolment.save()
    _event(enrolment.case, actor, EventType.GROUP_LEFT, "group.left", enrolment, reason=reason)
    return enrolment


def _complete(actor: User, enrolment: GroupEnrolment, mode: str) -> None:
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = timezone.localdate()
    enrolment.completed_by = actor
    enrolment.version += 1
    enrolment.save()
    _event(enrolment.case, actor, EventType.GROUP_COMPLETED, "group.completed", enrolment, mode=mode)


@transaction.atomic
def do_complete_enrolment(*, actor: User, enrolment: GroupEnrolment) -> GroupEnrolment:
    """Staff mark someone as having completed the program (whatever their attendance)."""
    enrolment = GroupEnrolment.objects.select_for_update().select_related("case").get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise DomainError(_("Only someone taking part can be marked as having completed."), code="groups.not_enrolled")
    _complete(actor, enrolment, "staff")
    return enrolment


def required_attendance(program: GroupProgram, sessions: int) -> int:
    return max(1, math.ceil(sessions * program.completion_percent / 100))


@transaction.atomic
def do_issue_certificate(*, actor: User, enrolment: GroupEnrolment) -> Certificate:
    enrolment = GroupEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise DomainError(_("A certificate is issued once the program is completed."), code="groups.not_completed")
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    prefix = f"GRP-{today.year}-"
    issued = Certificate.objects.filter(agency_id=enrolment.agency_id, number__startswith=prefix).count()
    certificate = Certificate(
        agency_id=enrolment.agency_id,
        enrolment=enrolment,
        number=f"{prefix}{issued + 1:05d}",
        issued_on=today,
        issued_by=actor,
    )
    certificate.full_clean()
    certificate.save()
    write_audit(
        AuditEntry(
            "group.certificate_issued",
            actor_id=actor.pk,
            agency_id=enrolment.agency_id,
            object_type="case",
            object_id=str(enrolment.case_id),
            detail={"enrolment_id": str(enrolment.pk), "certificate_id": str(certificate.pk)},
        )
    )
    return certificate


# Attendance --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceResult:
    recorded: int  # service records written
    voided: int  # service records voided (present -> absent or excused)
    completed: int  # enrolments that reached the completion share


def _void(actor: User, records: list[ServiceRecord]) -> None:
    """Void service records written by an earlier save of the sheet (never deleted: reports stay reproducible)."""
    now = timezone.now()
    for record in records:
        record.voided_at = now
        record.voided_by = actor
        record.void_reason = VOID_REASON
        record.version += 1
        record.save(update_fields=["voided_at", "voided_by", "void_reason", "version", "updated_at"])
        service_events.service_voided(case=record.case, actor=actor, service_id=str(record.pk))


def _provider_id(actor: User, program: GroupProgram) -> Any:
    links = list(
        GroupFacilitator.objects.filter(program=program).order_by("created_at").values_list("user_id", flat=True)
    )
    if actor.pk in links or not links:
        return actor.pk
    return links[0]


def _check_marks(marks: dict[Any, str], roster: dict[Any, GroupEnrolment]) -> None:
    if len(marks) > MAX_MARKS:
        raise DomainError(_("Too many rows."), code="groups.too_many_marks")
    errors: dict[str, list[str]] = {}
    for key, status in marks.items():
        if status and status not in AttendanceStatus.values:
            _add(errors, str(key), _("Choose present, absent or excused."))
        if _key(key) not in roster:
            _add(errors, str(key), _("This person is not in the group."))
    if errors:
        raise DomainError(
            _("The attendance could not be saved; nothing was changed."),
            code="groups.invalid_attendance",
            fields=errors,
        )


@dataclass
class _SheetChanges:
    create: list[GroupAttendance] = field(default_factory=list)
    update: list[GroupAttendance] = field(default_factory=list)
    entries: list[tuple[Case, ServiceEntry]] = field(default_factory=list)
    void: list[ServiceRecord] = field(default_factory=list)


def _changes(
    actor: User, session: GroupSession, marks: dict[Any, str], roster: dict[Any, GroupEnrolment]
) -> _SheetChanges:
    program = session.program
    existing = {row.enrolment_id: row for row in GroupAttendance.objects.filter(session=session)}
    live = live_records_for_source(ServiceSource.GROUP_SESSION, session.pk)
    provider_id = _provider_id(actor, program)
    changes = _SheetChanges()
    for key, status in marks.items():
        if not status:
            continue
        enrolment = roster[_key(key)]
        row = existing.get(enrolment.pk)
        if row is None:
            changes.create.append(
                GroupAttendance(
                    agency_id=program.agency_id, session=session, enrolment=enrolment, status=status, recorded_by=actor
                )
            )
        elif row.status != status:
            row.status, row.recorded_by = status, actor
            changes.update.append(row)
        record = live.get(enrolment.case_id)
        if status == AttendanceStatus.PRESENT and record is None:
            entry = ServiceEntry(
                service_type=program.service_type.code,
                delivered_on=timezone.localdate(session.starts_at),
                duration_minutes=session.duration_minutes,
                provider_id=provider_id,
                grant_id=program.grant_id,
                source_kind=ServiceSource.GROUP_SESSION,
                source_id=session.pk,
            )
            changes.entries.append((enrolment.case, entry))
        elif status != AttendanceStatus.PRESENT and record is not None:
            record.case = enrolment.case
            changes.void.append(record)
    return changes


@transaction.atomic
def do_take_attendance(
    *, actor: User, session: GroupSession, marks: dict[Any, str], expected_version: int | None = None
) -> AttendanceResult:
    """Save the attendance sheet: `marks` maps enrolment id -> present / absent / excused ("" = leave as is).

    One service record per person present (type, duration, facilitator and grant from the program), written
    once; a person changed to absent or excused has their record voided. All or nothing."""
    session = (
        GroupSession.objects.select_for_update().select_related("program", "program__service_type").get(pk=session.pk)
    )
    program = session.program
    if expected_version is not None:
        check_version(session.version, expected_version, {})
    if session.cancelled:
        raise DomainError(
            _("This session was cancelled; there is no attendance to take."), code="groups.session_cancelled"
        )
    if timezone.localdate(session.starts_at) > timezone.localdate():
        raise DomainError(
            _("Attendance can be taken on the day of the session or after it."), code="groups.session_in_future"
        )
    roster = {
        e.pk: e
        for e in GroupEnrolment.objects.filter(program=program)
        .exclude(status=EnrolmentStatus.LEFT)
        .select_related("case")
    }
    _check_marks(marks, roster)
    changes = _changes(actor, session, marks, roster)
    if changes.entries:
        do_record_services(actor=actor, entries=changes.entries)
    _void(actor, changes.void)
    GroupAttendance.objects.bulk_create(changes.create)
    GroupAttendance.objects.bulk_update(changes.update, ["status", "recorded_by", "updated_at"])
    if any(marks.values()):  # an empty sheet saved by mistake does not count as attendance taken
        session.attendance_taken_at = timezone.now()
        session.attendance_taken_by = actor
        session.version += 1
        session.save(update_fields=["attendance_taken_at", "attendance_taken_by", "version", "updated_at"])
    completed = _complete_by_attendance(actor, program, roster)
    _audit(
        actor,
        program,
        "group.attendance_taken",
        session_id=str(session.pk),
        recorded=len(changes.entries),
        voided=len(changes.void),
    )
    return AttendanceResult(recorded=len(changes.entries), voided=len(changes.void), completed=completed)


def _key(key: Any) -> Any:
    from uuid import UUID

    try:
        return key if isinstance(key, UUID) else UUID(str(key))
    except ValueError:
        return None


def _complete_by_attendance(actor: User, program: GroupProgram, roster: dict[Any, GroupEnrolment]) -> int:
    """Enrolments that now reach the program's share of its sessions are completed (one aggregate query)."""
    sessions = counted_sessions(program)
    if sessions == 0:
        return 0
    needed = required_attendance(program, sessions)
    reached = (
        GroupEnrolment.objects.filter(pk__in=[pk for pk, e in roster.items() if e.status == EnrolmentStatus.ENROLLED])
        .annotate(
            n=Count(
                "attendance",
                filter=Q(attendance__status=AttendanceStatus.PRESENT, attendance__session__cancelled=False),
            )
        )
        .filter(n__gte=needed)
        .values_list("pk", flat=True)
    )
    done = 0
    for pk in reached:
        _complete(actor, roster[pk], "attendance")
        done += 1
    return done


__all__ = [
    "AttendanceResult",
    "GroupProgramData",
    "SessionRule",
    "do_add_session",
    "do_cancel_session",
    "do_complete_enrolment",
    "do_create_program",
    "do_enrol",
    "do_generate_sessions",
    "do_issue_certificate",
    "do_leave",
    "do_take_attendance",
    "do_update_program",
    "required_attendance",
]
