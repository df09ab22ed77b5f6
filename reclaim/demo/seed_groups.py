"""Demo group programs: two or three per agency (one finished, the others running), weekly sessions, people
from open cases enrolled, and attendance for past sessions with its service records, all in bulk writes.
Idempotent: an agency that already has a group program is left alone."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dateutil import rrule
from django.db import transaction
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.cases.models import Case, CaseEvent, EventType
from reclaim.cases.state import CaseStatus
from reclaim.services.models import (
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
    ServiceRecord,
    ServiceSource,
    ServiceType,
)

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

# name, kind, service type, weekdays, hour, minutes, places
_PROGRAMS = [
    ("Peer support circle", GroupKind.SUPPORT_GROUP, "support_group.peer", [rrule.TU], 17, 90, 12),
    ("Money basics", GroupKind.LIFE_SKILLS, "life_skills.financial", [rrule.TH], 10, 120, 10),
    ("Kitchen skills course", GroupKind.VOCATIONAL, "vocational_training.course", [rrule.MO, rrule.WE], 9, 180, 8),
    ("Coping skills (CBT) group", GroupKind.CBT_GROUP, "psychological_support.cbt", [rrule.FR], 14, 90, 8),
]
_PLACES = ["Community room", "Training kitchen", "Group room, second floor", "Partner centre hall"]
_WEEKS = 10
_PRESENT, _ABSENT = 0.78, 0.9  # cumulative: present, absent, else excused


@dataclass
class _Rows:
    programs: list[GroupProgram] = field(default_factory=list)
    facilitators: list[GroupFacilitator] = field(default_factory=list)
    sessions: list[GroupSession] = field(default_factory=list)
    enrolments: list[GroupEnrolment] = field(default_factory=list)
    attendance: list[GroupAttendance] = field(default_factory=list)
    records: list[ServiceRecord] = field(default_factory=list)
    events: list[CaseEvent] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)

    def save(self, batch_size: int) -> None:
        with transaction.atomic():
            GroupProgram.objects.bulk_create(self.programs, batch_size=batch_size)
            GroupFacilitator.objects.bulk_create(self.facilitators, batch_size=batch_size)
            GroupSession.objects.bulk_create(self.sessions, batch_size=batch_size)
            GroupEnrolment.objects.bulk_create(self.enrolments, batch_size=batch_size)
            GroupAttendance.objects.bulk_create(self.attendance, batch_size=batch_size)
            ServiceRecord.objects.bulk_create(self.records, batch_size=batch_size)
            CaseEvent.objects.bulk_create(self.events, batch_size=batch_size)
            Certificate.objects.bulk_create(self.certificates, batch_size=batch_size)


def _aware(day: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(day, timezone.get_current_timezone())


def _program(
    *,
    rng: random.Random,
    agency: Agency,
    spec: tuple[Any, ...],
    start: datetime.date,
    finished: bool,
    types: dict[str, Any],
) -> GroupProgram:
    name, kind, type_code, _days, _hour, _minutes, places = spec
    return GroupProgram(
        agency=agency,
        name=name,
        kind=kind,
        service_type=types[type_code],
        description="",
        capacity=places,
        starts_on=start,
        ends_on=start + datetime.timedelta(weeks=_WEEKS),
        location=rng.choice(_PLACES),
        status=GroupStatus.FINISHED if finished else GroupStatus.RUNNING,
        completion_percent=75,
    )


def _seed_agency(rng: random.Random, agency: Agency, types: dict[str, Any], rows: _Rows) -> None:
    staff = dict(
        Membership.objects.filter(agency=agency, is_active=True, role__in=[Role.CASE_MANAGER, Role.VOLUNTEER])
        .order_by("created_at")
        .values_list("role", "user_id")
    )
    lead = staff.get(Role.CASE_MANAGER)
    if lead is None:
        return
    cases = list(
        Case.objects.filter(agency=agency).exclude(status__in=[CaseStatus.CLOSED, CaseStatus.IDENTIFIED]).only("pk")
    )
    today = timezone.localdate()
    now = timezone.now()
    specs = rng.sample(_PROGRAMS, rng.choice([2, 3]))
    for index, spec in enumerate(specs):
        finished = index == 0
        start = today - datetime.timedelta(weeks=_WEEKS + 2 if finished else rng.randint(3, 6))
        program = _program(rng=rng, agency=agency, spec=spec, start=start, finished=finished, types=types)
        rows.programs.append(program)
        helpers = [lead] + ([staff[Role.VOLUNTEER]] if Role.VOLUNTEER in staff and index != 1 else [])
        rows.facilitators += [GroupFacilitator(agency=agency, program=program, user_id=u) for u in helpers]
        days, hour, minutes = spec[3], spec[4], spec[5]
        rule = rrule.rrule(
            rrule.WEEKLY,
            dtstart=datetime.datetime.combine(start, datetime.time(hour)),
            byweekday=days,
            until=datetime.datetime.combine(program.ends_on, datetime.time(23, 59)),  # type: ignore[arg-type]
        )
        program.recurrence = str(rule).split("\n")[-1].removeprefix("RRULE:")
        sessions = [
            GroupSession(agency=agency, program=program, starts_at=_aware(when), duration_minutes=minutes)
            for when in rule
        ]
        rows.sessions += sessions
        people = rng.sample(cases, min(len(cases), rng.randint(4, spec[6])))
        _attend(
            rng=rng,
            agency=agency,
            program=program,
            sessions=sessions,
            people=people,
            helpers=helpers,
            now=now,
            rows=rows,
        )


def _attend(
    *,
    rng: random.Random,
    agency: Agency,
    program: GroupProgram,
    sessions: list[GroupSession],
    people: list[Case],
    helpers: list[Any],
    now: datetime.datetime,
    rows: _Rows,
) -> None:
    needed = max(1, -(-len(sessions) * program.completion_percent // 100))
    for case in people:
        enrolment = GroupEnrolment(
            agency=agency, program=program, case=case, enrolled_on=program.starts_on, enrolled_by_id=helpers[0]
        )
        rows.enrolments.append(enrolment)
        rows.events.append(
            CaseEvent(
                agency=agency,
                case=case,
                type=EventType.GROUP_ENROLLED,
                actor_id=helpers[0],
                at=_aware(datetime.datetime.combine(program.starts_on, datetime.time(9))),
                parameters={"program_id": str(program.pk), "enrolment_id": str(enrolment.pk)},
            )
        )
        present = 0
        for session in sessions:
            if session.starts_at > now:
                break
            draw = rng.random()
            status = (
                AttendanceStatus.PRESENT
                if draw < _PRESENT
                else AttendanceStatus.ABSENT
                if draw < _ABSENT
                else AttendanceStatus.EXCUSED
            )
            session.attendance_taken_at, session.attendance_taken_by_id = session.starts_at, helpers[-1]
            rows.attendance.append(
                GroupAttendance(
                    agency=agency, session=session, enrolment=enrolment, status=status, recorded_by_id=helpers[-1]
                )
            )
            if status == AttendanceStatus.PRESENT:
                present += 1
                rows.records.append(
                    ServiceRecord(
                        agency=agency,
                        case=case,
                        service_type=program.service_type,
                        category_code=program.service_type.category.code,
                        delivered_on=timezone.localdate(session.starts_at),
                        duration_minutes=session.duration_minutes,
                        provider_id=helpers[-1],
                        source_kind=ServiceSource.GROUP_SESSION,
                        source_id=session.pk,
                        recorded_by_id=helpers[-1],
                    )
                )
                record = rows.records[-1]
                rows.events.append(
                    CaseEvent(
                        agency=agency,
                        case=case,
                        type=EventType.SERVICE_RECORDED,
                        actor_id=helpers[-1],
                        at=session.starts_at,
                        parameters={
                            "service_id": str(record.pk),
                            "type": program.service_type.code,
                            "source": ServiceSource.GROUP_SESSION,
                        },
                    )
                )
        ends = program.ends_on
        if program.status == GroupStatus.FINISHED and ends is not None and present >= needed:
            enrolment.status, enrolment.completed_on = EnrolmentStatus.COMPLETED, ends
            rows.events.append(
                CaseEvent(
                    agency=agency,
                    case=case,
                    type=EventType.GROUP_COMPLETED,
                    actor_id=helpers[0],
                    at=_aware(datetime.datetime.combine(ends, datetime.time(18))),
                    parameters={"program_id": str(program.pk), "enrolment_id": str(enrolment.pk), "mode": "attendance"},
                )
            )
            number = f"GRP-{ends.year}-{len(rows.certificates) + 1:05d}"
            rows.certificates.append(
                Certificate(
                    agency=agency,
                    enrolment=enrolment,
                    number=number,
                    issued_on=ends,
                    issued_by_id=helpers[0],
                )
            )


def seed_groups(agencies: dict[str, Agency], *, seed: int, batch_size: int = 1000) -> int:
    """Returns the number of group programs created."""
    types = {
        t.code: t
        for t in ServiceType.objects.filter(code__in=[spec[2] for spec in _PROGRAMS]).select_related("category")
    }
    if len(types) < len(_PROGRAMS):
        return 0  # the taxonomy migration has not run
    created = 0
    for slug, agency in agencies.items():
        if GroupProgram.objects.filter(agency=agency).exists():
            continue
        rng = random.Random(f"{seed}:{slug}:groups")
        rows = _Rows()
        _seed_agency(rng, agency, types, rows)
        rows.save(batch_size)
        created += len(rows.programs)
    return created
