"""Group programs API: programs, sessions (planned from a weekly rule or added one at a time, and cancelled),
enrolment, leaving, completing, certificates (issue and read), and the attendance sheet of a session. Same gates as the pages: casework roles of the agency manage groups;
a facilitator (a volunteer included) reads the group and reads and writes attendance, with each person's
name in use only; other agencies get 404."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.core.errors import DomainError
from reclaim.services import group_access, group_actions, group_selectors
from reclaim.services.models import AttendanceStatus, GroupKind, GroupStatus, LeaveReason

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.services.models import Certificate, GroupEnrolment, GroupProgram, GroupSession

router = Router(tags=["groups"])


class GroupProgramOut(Schema):
    id: UUID
    name: str
    kind: str
    service_type: str
    description: str
    capacity: int | None
    starts_on: date
    ends_on: date | None
    location: str
    grant_id: UUID | None
    status: str
    recurrence: str
    completion_percent: int
    facilitator_ids: list[UUID]
    version: int

    @staticmethod
    def from_program(program: GroupProgram) -> GroupProgramOut:
        return GroupProgramOut(
            id=program.pk,
            name=program.name,
            kind=program.kind,
            service_type=program.service_type.code,
            description=program.description or "",
            capacity=program.capacity,
            starts_on=program.starts_on,
            ends_on=program.ends_on,
            location=program.location or "",
            grant_id=program.grant_id,
            status=program.status,
            recurrence=program.recurrence,
            completion_percent=program.completion_percent,
            facilitator_ids=sorted(group_selectors.facilitator_ids(program), key=str),
            version=program.version,
        )


class GroupProgramIn(Schema):
    name: str = Field(max_length=120)
    kind: GroupKind = GroupKind.SUPPORT_GROUP
    service_type: str = Field(default="", max_length=80, description="taxonomy code; empty = the kind's usual one")
    description: str = Field(default="", max_length=2000)
    capacity: int | None = Field(default=None, ge=1, le=500)
    starts_on: date
    ends_on: date | None = None
    location: str = Field(default="", max_length=300)
    grant_id: UUID | None = None
    status: GroupStatus = GroupStatus.PLANNED
    completion_percent: int = Field(default=75, ge=1, le=100)
    facilitator_ids: list[UUID] = Field(default_factory=list, max_length=50)

    def data(self) -> group_actions.GroupProgramData:
        return group_actions.GroupProgramData(
            name=self.name,
            kind=str(self.kind),
            service_type=self.service_type,
            description=self.description,
            capacity=self.capacity,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            location=self.location,
            grant_id=self.grant_id,
            status=str(self.status),
            completion_percent=self.completion_percent,
            facilitator_ids=list(self.facilitator_ids),
        )


class GroupProgramUpdateIn(GroupProgramIn):
    version: int


class GroupListOut(Page[GroupProgramOut]):
    pass


class SessionOut(Schema):
    id: UUID
    starts_at: datetime
    duration_minutes: int
    location: str
    topic: str
    cancelled: bool
    attendance_taken_at: datetime | None
    present: int
    version: int

    @staticmethod
    def from_session(session: GroupSession) -> SessionOut:
        return SessionOut(
            id=session.pk,
            starts_at=session.starts_at,
            duration_minutes=session.duration_minutes,
            location=session.location or "",
            topic=session.topic or "",
            cancelled=session.cancelled,
            attendance_taken_at=session.attendance_taken_at,
            present=getattr(session, "present_count", 0),
            version=session.version,
        )


class SessionRuleIn(Schema):
    weekdays: list[int] = Field(min_length=1, max_length=7, description="0 = Monday … 6 = Sunday")
    start_time: time
    duration_minutes: int = Field(default=90, ge=1, le=480)
    interval: int = Field(default=1, ge=1, le=8, description="every N weeks")
    starts_on: date | None = None
    until: date | None = None
    count: int | None = Field(default=None, ge=1, le=200)


class SessionAddIn(Schema):
    starts_at: datetime = Field(description="Date and time; without an offset it is taken in the agency's time zone")
    duration_minutes: int = Field(default=90, ge=1, le=480)
    topic: str = Field(default="", max_length=300)
    location: str = Field(default="", max_length=300, description="Only if not the group's usual place (encrypted)")


class SessionsPlannedOut(Schema):
    added: int
    recurrence: str


class EnrolIn(Schema):
    case_id: UUID | None = None
    case_number: str = Field(default="", max_length=24)


class EnrolmentOut(Schema):
    id: UUID
    case_id: UUID
    status: str
    enrolled_on: date
    left_on: date | None
    leave_reason: str
    completed_on: date | None
    version: int

    @staticmethod
    def from_enrolment(enrolment: GroupEnrolment) -> EnrolmentOut:
        return EnrolmentOut(
            id=enrolment.pk,
            case_id=enrolment.case_id,
            status=enrolment.status,
            enrolled_on=enrolment.enrolled_on,
            left_on=enrolment.left_on,
            leave_reason=enrolment.leave_reason,
            completed_on=enrolment.completed_on,
            version=enrolment.version,
        )


class LeaveIn(Schema):
    reason: LeaveReason
    note: str = Field(default="", max_length=2000)
    version: int


class GroupCertificateOut(Schema):
    number: str
    issued_on: date
    program_id: UUID
    program_name: str
    enrolment_id: UUID
    case_id: UUID
    completed_on: date | None
    name: str = Field(description="The survivor's name in use, as printed on the certificate")

    @staticmethod
    def of(certificate: Certificate, program: GroupProgram, enrolment: GroupEnrolment) -> GroupCertificateOut:
        survivor = enrolment.case.survivor
        return GroupCertificateOut(
            number=certificate.number,
            issued_on=certificate.issued_on,
            program_id=program.pk,
            program_name=program.name,
            enrolment_id=enrolment.pk,
            case_id=enrolment.case_id,
            completed_on=enrolment.completed_on,
            name=survivor.chosen_name or survivor.given_name or "",
        )


class AttendanceRowOut(Schema):
    enrolment_id: UUID
    name: str = Field(description="the name in use; empty when the caller may not see it")
    case_id: UUID | None = Field(description="only for callers who may open the case")
    status: str = Field(description="present, absent, excused, or empty when not taken")


class AttendanceOut(Schema):
    session_id: UUID
    version: int
    rows: list[AttendanceRowOut]


class AttendanceMarkIn(Schema):
    enrolment_id: UUID
    status: AttendanceStatus


class AttendanceIn(Schema):
    version: int | None = None
    marks: list[AttendanceMarkIn] = Field(max_length=100)


class AttendanceSavedOut(AttendanceOut):
    recorded: int
    voided: int
    completed: int


def _program_out(user: User, program_id: Any) -> GroupProgramOut:
    return GroupProgramOut.from_program(group_access.access_program_by_id(user, program_id))


@router.get("/groups", response={200: GroupListOut, 403: ErrorOut}, summary="Groups the caller may see")
def list_groups(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    group_access.require_group_reader(user)
    return paginate(group_selectors.group_list(user), page, GroupProgramOut.from_program)


@router.post(
    "/groups",
    response={201: GroupProgramOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Start a group program",
)
def create_group(request: HttpRequest, payload: GroupProgramIn) -> Status[GroupProgramOut]:
    user = request_user(request)
    group_access.require_group_manager(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — require_group_manager checked it
    program = group_actions.do_create_program(actor=user, agency=membership.agency, data=payload.data())
    return Status(201, _program_out(user, program.pk))


@router.get(
    "/groups/{uuid:program_id}", response={200: GroupProgramOut, 404: ErrorOut}, summary="One group (audited read)"
)
def get_group(request: HttpRequest, program_id: UUID) -> GroupProgramOut:
    return _program_out(request_user(request), program_id)


@router.put(
    "/groups/{uuid:program_id}",
    response={200: GroupProgramOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a group (send the version you read; 409 if it changed)",
)
def update_group(request: HttpRequest, program_id: UUID, payload: GroupProgramUpdateIn) -> GroupProgramOut:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    group_actions.do_update_program(actor=user, program=program, data=payload.data(), expected_version=payload.version)
    return _program_out(user, program.pk)


@router.get(
    "/groups/{uuid:program_id}/sessions",
    response={200: Page[SessionOut], 404: ErrorOut},
    summary="The group's sessions, in time order",
)
def list_sessions(request: HttpRequest, page: Query[PageQuery], program_id: UUID) -> dict[str, Any]:
    program = group_access.access_program_for_attendance(request_user(request), program_id)
    return paginate(group_selectors.sessions_for_program(program), page, SessionOut.from_session)


@router.post(
    "/groups/{uuid:program_id}/sessions/plan",
    response={201: SessionsPlannedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Plan weekly sessions from a repeat rule (existing dates are skipped; the RRULE is kept)",
)
def plan_sessions(request: HttpRequest, program_id: UUID, payload: SessionRuleIn) -> Status[SessionsPlannedOut]:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    rule = group_actions.SessionRule(**payload.model_dump())
    made = group_actions.do_generate_sessions(actor=user, program=program, rule=rule)
    program.refresh_from_db(fields=["recurrence", "version"])
    return Status(201, SessionsPlannedOut(added=len(made), recurrence=program.recurrence))


@router.post(
    "/groups/{uuid:program_id}/sessions",
    response={201: SessionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add one session (a one-off, or outside the repeat rule); 400 groups.invalid_session when one is "
    "already at that time",
)
def add_session(request: HttpRequest, program_id: UUID, payload: SessionAddIn) -> Status[SessionOut]:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    starts_at = payload.starts_at
    if timezone.is_naive(starts_at):  # as the page's date and time fields are read
        starts_at = timezone.make_aware(starts_at, timezone.get_current_timezone())
    session = group_actions.do_add_session(
        actor=user,
        program=program,
        starts_at=starts_at,
        duration_minutes=payload.duration_minutes,
        topic=payload.topic,
        location=payload.location,
    )
    return Status(201, SessionOut.from_session(session))


@router.post(
    "/groups/{uuid:program_id}/sessions/{uuid:session_id}/cancel",
    response={200: SessionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Cancel a session (again: no change); 400 groups.session_has_attendance while anyone is marked present",
)
def cancel_session(request: HttpRequest, program_id: UUID, session_id: UUID) -> SessionOut:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    session = group_access.access_session(program, session_id)
    return SessionOut.from_session(group_actions.do_cancel_session(actor=user, session=session))


@router.post(
    "/groups/{uuid:program_id}/enrolments",
    response={201: EnrolmentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Enrol the survivor of a case the caller can open (by id or number); 400 groups.full when full",
)
def enrol(request: HttpRequest, program_id: UUID, payload: EnrolIn) -> Status[EnrolmentOut]:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    if payload.case_id is not None:
        case = access_case_by_id(user, payload.case_id)
    else:
        found = group_selectors.case_by_number(user, payload.case_number)
        if found is None:
            raise DomainError(
                _("No case with this number that you can open."),
                code="groups.case_not_found",
                fields={"case_number": [_("No case with this number that you can open.")]},
            )
        case = found
    enrolment = group_actions.do_enrol(actor=user, program=program, case=case)
    return Status(201, EnrolmentOut.from_enrolment(enrolment))


@router.post(
    "/groups/{uuid:program_id}/enrolments/{uuid:enrolment_id}/leave",
    response={200: EnrolmentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Record that someone left the group, with a reason code",
)
def leave(request: HttpRequest, program_id: UUID, enrolment_id: UUID, payload: LeaveIn) -> EnrolmentOut:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    enrolment = group_access.access_enrolment(program, enrolment_id)
    access_case_by_id(user, enrolment.case_id, for_write=True)
    enrolment = group_actions.do_leave(
        actor=user, enrolment=enrolment, reason=str(payload.reason), note=payload.note, expected_version=payload.version
    )
    return EnrolmentOut.from_enrolment(enrolment)


@router.post(
    "/groups/{uuid:program_id}/enrolments/{uuid:enrolment_id}/complete",
    response={200: EnrolmentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Mark someone taking part as having completed the group, whatever their attendance; 400 "
    "groups.not_enrolled otherwise",
)
def complete(request: HttpRequest, program_id: UUID, enrolment_id: UUID) -> EnrolmentOut:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    enrolment = group_access.access_enrolment(program, enrolment_id)
    access_case_by_id(user, enrolment.case_id, for_write=True)
    return EnrolmentOut.from_enrolment(group_actions.do_complete_enrolment(actor=user, enrolment=enrolment))


@router.post(
    "/groups/{uuid:program_id}/enrolments/{uuid:enrolment_id}/certificate",
    response={200: GroupCertificateOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Issue the certificate of a completed enrolment (the one already issued, if any); 400 "
    "groups.not_completed before completion",
)
def issue_certificate(request: HttpRequest, program_id: UUID, enrolment_id: UUID) -> GroupCertificateOut:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id, for_write=True)
    enrolment = group_access.access_enrolment(program, enrolment_id)
    case = access_case_by_id(user, enrolment.case_id, for_write=True)
    certificate = group_actions.do_issue_certificate(actor=user, enrolment=enrolment)
    enrolment.case = case  # the gate's copy, its survivor already read
    return GroupCertificateOut.of(certificate, program, enrolment)


@router.get(
    "/groups/{uuid:program_id}/enrolments/{uuid:enrolment_id}/certificate",
    response={200: GroupCertificateOut, 404: ErrorOut},
    summary="The certificate, with the survivor's name in use: for staff who can open the case; 404 when none "
    "was issued",
)
def get_certificate(request: HttpRequest, program_id: UUID, enrolment_id: UUID) -> GroupCertificateOut:
    user = request_user(request)
    program = group_access.access_program_by_id(user, program_id)
    enrolment = group_access.access_enrolment(program, enrolment_id)
    enrolment.case = access_case_by_id(user, enrolment.case_id)
    return GroupCertificateOut.of(group_access.access_certificate(enrolment), program, enrolment)


def _sheet(user: User, program: GroupProgram, session: GroupSession) -> AttendanceOut:
    roster = list(group_selectors.roster_for_program(program, include_left=False))
    marks = group_selectors.attendance_for_session(session)
    visible = group_selectors.visible_case_ids(user, [e.case_id for e in roster])
    facilitates = group_access.is_facilitator(user, program)
    rows = []
    for enrolment in roster:
        survivor = enrolment.case.survivor
        sees = enrolment.case_id in visible
        rows.append(
            AttendanceRowOut(
                enrolment_id=enrolment.pk,
                name=(survivor.chosen_name or survivor.given_name or "") if (sees or facilitates) else "",
                case_id=enrolment.case_id if sees else None,
                status=marks.get(enrolment.pk, ""),
            )
        )
    return AttendanceOut(session_id=session.pk, version=session.version, rows=rows)


@router.get(
    "/groups/{uuid:program_id}/sessions/{uuid:session_id}/attendance",
    response={200: AttendanceOut, 404: ErrorOut},
    summary="A session's attendance sheet (facilitators see names in use only)",
)
def get_attendance(request: HttpRequest, program_id: UUID, session_id: UUID) -> AttendanceOut:
    user = request_user(request)
    program = group_access.access_program_for_attendance(user, program_id)
    return _sheet(user, program, group_access.access_session(program, session_id))


@router.put(
    "/groups/{uuid:program_id}/sessions/{uuid:session_id}/attendance",
    response={200: AttendanceSavedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Save attendance: one service record per person present, written once; absent voids it",
)
def put_attendance(
    request: HttpRequest, program_id: UUID, session_id: UUID, payload: AttendanceIn
) -> AttendanceSavedOut:
    user = request_user(request)
    program = group_access.access_program_for_attendance(user, program_id, for_write=True)
    session = group_access.access_session(program, session_id)
    result = group_actions.do_take_attendance(
        actor=user,
        session=session,
        marks={mark.enrolment_id: str(mark.status) for mark in payload.marks},
        expected_version=payload.version,
    )
    sheet = _sheet(user, program, group_access.access_session(program, session_id))
    return AttendanceSavedOut(
        **sheet.model_dump(), recorded=result.recorded, voided=result.voided, completed=result.completed
    )
