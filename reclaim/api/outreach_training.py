"""Staff training API (issue 10 item 3): courses, sessions, participants, completions (which issue certificates),
the caller's own training record and the staff overview. Same gates as the pages: training managers keep courses,
sessions and participants and read the overview (other members of the agency get 403, another agency's session 404);
every member reads their own record and certificates. Issue 11 C adds editing a course or a session, recording
training done elsewhere, and reading one certificate; issue 11 E the block setting (GET/PUT /block); the last gaps
of issue 11 the required courses per role (GET/PUT /requirements) and a session's attendance sheet (GET its
participants, PUT one participant's attendance). Bad values are 422 with field errors and nothing saved; a stale
version is 409."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import field_validator

from reclaim.accounts.http import request_user
from reclaim.accounts.roles import Role
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.core.errors import DomainError
from reclaim.outreach import training_access as access
from reclaim.outreach import training_actions as actions
from reclaim.outreach import training_selectors as selectors
from reclaim.outreach.access import require
from reclaim.outreach.models import (
    Course,
    CourseTopic,
    ParticipantKind,
    ParticipantStatus,
    TrainingCertificate,
    TrainingParticipant,
    TrainingSession,
)
from reclaim.outreach.training_gate import case_data_blocked

router = Router(tags=["outreach: training"])

READ = {403: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def _invalid(exc: DomainError, *, under: tuple[str, ...] = ()) -> ValidationError | DomainError:
    """The actions' field errors as a 422 like schema errors (nothing was saved); `under` prefixes the names."""
    if exc.code != actions.INVALID:
        return exc
    return ValidationError(
        [
            {"loc": ("body", "payload", *under, name), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


# Courses ---------------------------------------------------------------------------------------------------------


class CourseOut(Schema):
    id: UUID
    title: str
    topic: str
    provider: str
    description: str
    hours: Decimal | None
    valid_months: int | None
    is_active: bool
    version: int

    @staticmethod
    def of(course: Course) -> CourseOut:
        return CourseOut.model_validate(course, from_attributes=True)


class CourseIn(Schema):
    title: str = Field(max_length=actions.TITLE_MAX_LENGTH)
    topic: CourseTopic = CourseTopic.OTHER
    provider: str = Field(default="", max_length=actions.NAME_MAX_LENGTH)
    description: str = Field(default="", max_length=actions.TEXT_MAX_LENGTH)
    hours: Decimal | None = Field(default=None, max_digits=5, decimal_places=1)
    valid_months: int | None = Field(default=None, description="Empty: the certificate never expires.")
    is_active: bool = True


@router.get("/courses", response={200: Page[CourseOut], **READ}, summary="The agency's training courses")
def list_courses(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    agency = access.require_training_manager(request_user(request))
    return paginate(selectors.courses_for_agency(agency.pk).order_by("title"), page, CourseOut.of)


@router.post("/courses", response={201: CourseOut, **WRITE}, summary="Add a training course")
def create_course(request: HttpRequest, payload: CourseIn) -> Status[CourseOut]:
    user = request_user(request)
    agency = access.require_training_manager(user)
    try:
        course = actions.do_create_course(
            actor=user, agency=agency, values=actions.CourseValues(**payload.model_dump())
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, CourseOut.of(course))


class CoursePutIn(CourseIn):
    version: int


@router.put(
    "/courses/{uuid:course_id}",
    response={200: CourseOut, **WRITE},
    summary="Change a course (send the version you read; 409 if it changed)",
)
def update_course(request: HttpRequest, course_id: UUID, payload: CoursePutIn) -> CourseOut:
    user = request_user(request)
    course = access.access_course_by_id(user, course_id, for_write=True)
    try:
        course = actions.do_update_course(
            actor=user,
            course=course,
            expected_version=payload.version,
            values=actions.CourseValues(**payload.model_dump(exclude={"version"})),
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return CourseOut.of(course)


# Sessions --------------------------------------------------------------------------------------------------------


class TrainingSessionOut(Schema):
    id: UUID
    course_id: UUID
    held_on: date
    is_online: bool
    place: str
    trainer: str
    capacity: int | None
    participant_count: int
    version: int

    @staticmethod
    def of(session: TrainingSession, participant_count: int | None = None) -> TrainingSessionOut:
        return TrainingSessionOut(
            id=session.pk,
            course_id=session.course_id,
            held_on=session.held_on,
            is_online=session.is_online,
            place=session.place or "",
            trainer=session.trainer,
            capacity=session.capacity,
            participant_count=participant_count
            if participant_count is not None
            else getattr(session, "participant_count", 0),
            version=session.version,
        )


class SessionQuery(PageQuery):
    course_id: UUID | None = None


class SessionIn(Schema):
    course_id: UUID
    held_on: date
    is_online: bool = False
    place: str = Field(default="", max_length=actions.TEXT_MAX_LENGTH)
    trainer: str = Field(default="", max_length=actions.NAME_MAX_LENGTH)
    capacity: int | None = None


@router.get("/sessions", response={200: Page[TrainingSessionOut], **READ}, summary="Training sessions, latest first")
def list_sessions(request: HttpRequest, query: Query[SessionQuery]) -> dict[str, Any]:
    agency = access.require_training_manager(request_user(request))
    rows = selectors.sessions_for_agency(agency.pk).order_by("-held_on")
    if query.course_id is not None:
        rows = rows.filter(course_id=query.course_id)
    return paginate(rows, query, TrainingSessionOut.of)


@router.post("/sessions", response={201: TrainingSessionOut, **WRITE}, summary="Add a session of a course")
def create_session(request: HttpRequest, payload: SessionIn) -> Status[TrainingSessionOut]:
    user = request_user(request)
    access.require_training_manager(user)
    course = access.access_course_by_id(user, payload.course_id, for_write=True)
    try:
        session = actions.do_create_session(
            actor=user, course=course, values=actions.SessionValues(**payload.model_dump(exclude={"course_id"}))
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, TrainingSessionOut.of(session, 0))


class SessionPutIn(Schema):
    held_on: date
    is_online: bool = False
    place: str = Field(default="", max_length=actions.TEXT_MAX_LENGTH)
    trainer: str = Field(default="", max_length=actions.NAME_MAX_LENGTH)
    capacity: int | None = None
    version: int


@router.put(
    "/sessions/{uuid:session_id}",
    response={200: TrainingSessionOut, **WRITE},
    summary="Change a session (send the version you read; 409 if it changed)",
)
def update_session(request: HttpRequest, session_id: UUID, payload: SessionPutIn) -> TrainingSessionOut:
    user = request_user(request)
    session = access.access_session_by_id(user, session_id, for_write=True)
    try:
        session = actions.do_update_session(
            actor=user,
            session=session,
            expected_version=payload.version,
            values=actions.SessionValues(**payload.model_dump(exclude={"version"})),
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return TrainingSessionOut.of(session, selectors.participants_of_session(session).count())


# Participants and completion -------------------------------------------------------------------------------------


class ParticipantOut(Schema):
    id: UUID
    session_id: UUID
    kind: str
    user_id: UUID | None
    name: str
    organisation_name: str
    organization_id: UUID | None
    status: str
    version: int

    @staticmethod
    def of(participant: TrainingParticipant) -> ParticipantOut:
        return ParticipantOut(
            id=participant.pk,
            session_id=participant.session_id,
            kind=participant.kind,
            user_id=participant.user_id,
            name=participant.name or "",
            organisation_name=participant.organisation_name,
            organization_id=participant.organization_id,
            status=participant.status,
            version=participant.version,
        )


class ParticipantIn(Schema):
    kind: ParticipantKind
    user_id: UUID | None = Field(default=None, description="For staff of the agency.")
    name: str = Field(default="", max_length=actions.NAME_MAX_LENGTH, description="Partners; community (optional).")
    organisation_name: str = Field(default="", max_length=actions.NAME_MAX_LENGTH)
    organization_id: UUID | None = Field(default=None, description="An organisation of the partner directory.")


@router.post(
    "/sessions/{uuid:session_id}/participants",
    response={201: ParticipantOut, **WRITE},
    summary="Add a participant: agency staff, a partner's staff member or a community member",
)
def add_participant(request: HttpRequest, session_id: UUID, payload: ParticipantIn) -> Status[ParticipantOut]:
    user = request_user(request)
    session = access.access_session_by_id(user, session_id, for_write=True)
    try:
        participant = actions.do_add_participant(
            actor=user, session=session, values=actions.ParticipantValues(**payload.model_dump())
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, ParticipantOut.of(participant))


class CertificateOut(Schema):
    id: UUID
    course_id: UUID
    user_id: UUID | None
    participant_id: UUID | None
    source: str
    provider: str
    number: str
    completed_on: date
    expires_on: date | None

    @staticmethod
    def of(certificate: TrainingCertificate) -> CertificateOut:
        return CertificateOut.model_validate(certificate, from_attributes=True)


class CompletionIn(Schema):
    version: int = Field(description="The participant's version you read; 409 if it changed.")
    completed_on: date | None = Field(default=None, description="The session's date if empty.")


@router.post(
    "/sessions/{uuid:session_id}/participants/{uuid:participant_id}/completion",
    response={201: CertificateOut, **WRITE},
    summary="Record a completion: issues the certificate (expiring after the course's validity, or never)",
)
def record_completion(
    request: HttpRequest, session_id: UUID, participant_id: UUID, payload: CompletionIn
) -> Status[CertificateOut]:
    user = request_user(request)
    session = access.access_session_by_id(user, session_id, for_write=True)
    participant = access.access_participant(session, participant_id)
    try:
        participant = actions.do_mark_participant(
            actor=user,
            participant=participant,
            status=ParticipantStatus.COMPLETED,
            expected_version=payload.version,
            completed_on=payload.completed_on,
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, CertificateOut.of(participant.certificate))


# The attendance sheet (issue 11, last gaps) ---------------------------------------------------------------------


class TrainingAttendanceOut(ParticipantOut):
    display_name: str = Field(description="The staff member's name, or the name given for anyone else (may be empty)")
    certificate_id: UUID | None = Field(description="The certificate its completion issued")
    certificate_number: str

    @staticmethod
    def of(participant: TrainingParticipant) -> TrainingAttendanceOut:
        certificate: TrainingCertificate | None = getattr(participant, "certificate", None)
        return TrainingAttendanceOut(
            **ParticipantOut.of(participant).model_dump(),
            display_name=participant.user.display_name if participant.user else participant.name or "",
            certificate_id=certificate.pk if certificate else None,
            certificate_number=certificate.number if certificate else "",
        )


class TrainingAttendanceQuery(PageQuery):
    status: ParticipantStatus | None = None


@router.get(
    "/sessions/{uuid:session_id}/participants",
    response={200: Page[TrainingAttendanceOut], **READ},
    summary="A session's attendance sheet: its participants in the order they were added, with their attendance",
)
def attendance_sheet(request: HttpRequest, session_id: UUID, query: Query[TrainingAttendanceQuery]) -> dict[str, Any]:
    session = access.access_session_by_id(request_user(request), session_id)
    rows = selectors.participants_of_session(session)
    if query.status is not None:
        rows = rows.filter(status=query.status)
    return paginate(rows, query, TrainingAttendanceOut.of)


class TrainingAttendanceIn(Schema):
    status: ParticipantStatus = Field(description="`completed` issues the certificate; a completion stays completed")
    version: int = Field(description="The participant's version you read; 409 if it changed.")
    completed_on: date | None = Field(default=None, description="Only for a completion; the session's date if empty.")


@router.put(
    "/sessions/{uuid:session_id}/participants/{uuid:participant_id}/attendance",
    response={200: TrainingAttendanceOut, **WRITE},
    summary="Record one participant's attendance, as on the session's sheet (send the version you read)",
)
def record_attendance(
    request: HttpRequest, session_id: UUID, participant_id: UUID, payload: TrainingAttendanceIn
) -> TrainingAttendanceOut:
    user = request_user(request)
    session = access.access_session_by_id(user, session_id, for_write=True)
    participant = access.access_participant(session, participant_id)
    try:
        actions.do_mark_participant(
            actor=user,
            participant=participant,
            status=payload.status,
            expected_version=payload.version,
            completed_on=payload.completed_on,
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return TrainingAttendanceOut.of(selectors.participants_of_session(session).get(pk=participant.pk))


# Records ---------------------------------------------------------------------------------------------------------


class StandingOut(Schema):
    course_id: UUID
    course_title: str
    standing: str = Field(description="current, expiring, expired or missing")
    certificate_id: UUID | None
    expires_on: date | None


class RecordOut(Schema):
    user_id: UUID
    display_name: str
    role: str
    required: list[StandingOut]
    certificates: list[CertificateOut]


class MyRecordOut(RecordOut):
    case_data_blocked: bool = Field(description="True while the agency's setting hides case data from the caller.")


def _record_fields(record: selectors.StaffRecord) -> dict[str, object]:
    return {
        "user_id": record.user.pk,
        "display_name": record.user.display_name,
        "role": record.role,
        "required": [
            StandingOut(
                course_id=row.course.pk,
                course_title=row.course.title,
                standing=row.standing,
                certificate_id=row.certificate.pk if row.certificate else None,
                expires_on=row.certificate.expires_on if row.certificate else None,
            )
            for row in record.required
        ],
        "certificates": [CertificateOut.of(certificate) for certificate in record.certificates],
    }


@router.get("/me", response={200: MyRecordOut, **READ}, summary="The caller's own training record")
def my_record(request: HttpRequest) -> MyRecordOut:
    user = request_user(request)
    membership = access.require_member(user)
    record = selectors.training_record(membership, timezone.localdate())
    return MyRecordOut(**_record_fields(record), case_data_blocked=case_data_blocked(user))  # type: ignore[arg-type]


@router.get(
    "/staff",
    response={200: Page[RecordOut], **READ},
    summary="Every staff member's required training and certificates (training managers)",
)
def staff_records(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    agency = access.require_training_manager(request_user(request))
    records = selectors.staff_training_overview(agency.pk, timezone.localdate())
    return paginate(list(records), page, lambda record: RecordOut(**_record_fields(record)))  # type: ignore[arg-type]


# Certificates (issue 11 C) ---------------------------------------------------------------------------------------


class ExternalCertificateIn(Schema):
    user_id: UUID = Field(description="A member of the agency's staff.")
    course_id: UUID = Field(description="The agency's course the training counts as.")
    completed_on: date
    provider: str = Field(default="", max_length=actions.NAME_MAX_LENGTH, description="Who gave the training.")


@router.post(
    "/certificates",
    response={201: CertificateOut, **WRITE},
    summary="Record training a staff member completed elsewhere (issues a certificate of the course it counts as)",
)
def record_external_certificate(request: HttpRequest, payload: ExternalCertificateIn) -> Status[CertificateOut]:
    user = request_user(request)
    agency = access.require_training_manager(user)
    try:
        certificate = actions.do_record_external_certificate(
            actor=user, agency=agency, values=actions.ExternalCertificateValues(**payload.model_dump())
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, CertificateOut.of(certificate))


@router.get(
    "/certificates/{uuid:certificate_id}",
    response={200: CertificateOut, 403: ErrorOut},
    summary="One certificate: training managers read every one of the agency, everyone else only their own",
)
def get_certificate(request: HttpRequest, certificate_id: UUID) -> CertificateOut:
    return CertificateOut.of(access.access_certificate_by_id(request_user(request), certificate_id))


class TrainingBlockOut(Schema):
    block_case_data: bool = Field(
        description="On: staff with a case role who hold no current trauma-informed care certificate see no case data"
    )
    can_set: bool = Field(description="Whether the caller may switch it (agency admins and program directors)")
    version: int


class TrainingBlockIn(Schema):
    block_case_data: bool
    version: int = Field(description="The version you read; 409 if someone changed it since")


def _block_out(user: Any, agency_id: Any) -> TrainingBlockOut:
    policy = selectors.policy_for_agency(agency_id)
    return TrainingBlockOut(
        block_case_data=policy.block_case_data, can_set=access.can_set_training_block(user), version=policy.version
    )


@router.get(
    "/block",
    response={200: TrainingBlockOut, **READ},
    summary="Whether case data waits for trauma-informed care training (training managers, as on the requirements "
    "page)",
)
def get_training_block(request: HttpRequest) -> TrainingBlockOut:
    user = request_user(request)
    agency = access.require_training_manager(user)
    return _block_out(user, agency.pk)


@router.put(
    "/block",
    response={200: TrainingBlockOut, **WRITE},
    summary="Switch the block on or off (agency admins and program directors); audited; 409 on a stale version",
)
def put_training_block(request: HttpRequest, payload: TrainingBlockIn) -> TrainingBlockOut:
    user = request_user(request)
    agency = access.require_training_manager(user)
    require(access.can_set_training_block(user))
    actions.do_set_training_block(
        actor=user, agency=agency, block_case_data=payload.block_case_data, expected_version=payload.version
    )
    return _block_out(user, agency.pk)


# Required courses per role (issue 11, last gaps) ----------------------------------------------------------------


class TrainingRequiredCourseOut(Schema):
    id: UUID
    title: str
    is_active: bool


class TrainingRoleRequirementOut(Schema):
    role: str
    label: str
    courses: list[TrainingRequiredCourseOut]


class TrainingRequirementsOut(Schema):
    roles: list[TrainingRoleRequirementOut] = Field(
        description="Every role, in the page's order, with the courses it must hold a current certificate of"
    )


class TrainingRoleRequirementIn(Schema):
    role: Role
    course_ids: list[UUID] = Field(default_factory=list, max_length=100, description="Courses of your agency")


class TrainingRequirementsIn(Schema):
    roles: list[TrainingRoleRequirementIn] = Field(
        max_length=len(Role.values),
        description="The whole set, as the page saves it: a role left out (or with no courses) requires none",
    )

    @field_validator("roles")
    @classmethod
    def _each_role_once(cls, value: list[TrainingRoleRequirementIn]) -> list[TrainingRoleRequirementIn]:
        roles = [row.role for row in value]
        if len(set(roles)) != len(roles):
            raise ValueError("Name each role once.")
        return value


def _requirements_out(agency_id: Any) -> TrainingRequirementsOut:
    courses: dict[str, list[TrainingRequiredCourseOut]] = {role: [] for role in Role.values}
    for row in selectors.requirements_for_agency(agency_id):
        courses[row.role].append(
            TrainingRequiredCourseOut(id=row.course.pk, title=row.course.title, is_active=row.course.is_active)
        )
    return TrainingRequirementsOut(
        roles=[
            TrainingRoleRequirementOut(role=role, label=str(label), courses=courses[role])
            for role, label in Role.choices
        ]
    )


@router.get(
    "/requirements",
    response={200: TrainingRequirementsOut, **READ},
    summary="The courses each role must hold a current certificate of (training managers, as on the page)",
)
def get_requirements(request: HttpRequest) -> TrainingRequirementsOut:
    agency = access.require_training_manager(request_user(request))
    return _requirements_out(agency.pk)


@router.put(
    "/requirements",
    response={200: TrainingRequirementsOut, 403: ErrorOut, 422: ErrorOut},
    summary="Set the courses each role must hold (the whole set); another agency's course is a 422, nothing saved",
)
def put_requirements(request: HttpRequest, payload: TrainingRequirementsIn) -> TrainingRequirementsOut:
    user = request_user(request)
    agency = access.require_training_manager(user)
    required: dict[str, set[UUID]] = {role: set() for role in Role.values}
    for row in payload.roles:
        required[row.role.value] = set(row.course_ids)
    try:
        actions.do_set_required_courses(actor=user, agency=agency, required=required)
    except DomainError as exc:
        raise _invalid(exc, under=("roles",)) from exc
    return _requirements_out(agency.pk)
