"""Writes of staff training: courses, sessions, participants and their attendance, certificates (issued on completion
or recorded from another provider), the required courses per role and the block-until-trained setting. Each is one
transaction with an audit row (ids and codes only: training rows belong to the agency, not to a case, so there is
no timeline event). The callers checked the manager right; these functions check the values and the agency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.roles import Role
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.outreach.models import (
    CertificateSource,
    Course,
    CourseTopic,
    ParticipantKind,
    ParticipantStatus,
    RequiredCourse,
    TrainingCertificate,
    TrainingParticipant,
    TrainingPolicy,
    TrainingSession,
)
from reclaim.outreach.training_selectors import directory_organisation, expiry_for, staff_user

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping
    from uuid import UUID

    from reclaim.accounts.models import Agency, User

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 4000
NAME_MAX_LENGTH = 200
MAX_HOURS = Decimal("9999.9")
MAX_VALID_MONTHS = 240
MAX_CAPACITY = 10000
INVALID = "outreach.training_invalid"


def _fail(message: str, errors: dict[str, list[str]]) -> None:
    if errors:
        raise DomainError(message, code=INVALID, fields=errors)


def _audit(action: str, actor: User, agency_id: Any, object_type: str, object_id: Any, **detail: object) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=agency_id,
            object_type=object_type,
            object_id=str(object_id),
            detail=dict(detail),
        )
    )


# Courses ---------------------------------------------------------------------------------------------------------


@dataclass
class CourseValues:
    title: str
    topic: str = CourseTopic.OTHER
    provider: str = ""
    description: str = ""
    hours: Decimal | None = None
    valid_months: int | None = None
    is_active: bool = True


COURSE_FIELDS = ("title", "topic", "provider", "description", "hours", "valid_months", "is_active")


def _check_course(agency_id: Any, values: CourseValues, course: Course | None) -> None:
    errors: dict[str, list[str]] = {}
    values.title = values.title.strip()
    values.provider = values.provider.strip()
    values.description = values.description.strip()
    if not values.title:
        errors["title"] = [_("Give the course a title.")]
    elif len(values.title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Keep the title under %(n)s characters.") % {"n": TITLE_MAX_LENGTH}]
    else:
        clash = Course.objects.filter(agency_id=agency_id, title__iexact=values.title)
        if course is not None:
            clash = clash.exclude(pk=course.pk)
        if clash.exists():
            errors["title"] = [_("Your agency already has a course with this title.")]
    if values.topic not in CourseTopic.values:
        errors["topic"] = [_("Choose a topic from the list.")]
    if len(values.provider) > NAME_MAX_LENGTH:
        errors["provider"] = [_("Keep the provider under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    if len(values.description) > TEXT_MAX_LENGTH:
        errors["description"] = [_("Keep the description under %(n)s characters.") % {"n": TEXT_MAX_LENGTH}]
    if values.hours is not None and not (Decimal(0) < values.hours <= MAX_HOURS):
        errors["hours"] = [_("Give the hours as a number above 0, such as 1.5.")]
    if values.valid_months is not None and not (0 < values.valid_months <= MAX_VALID_MONTHS):
        errors["valid_months"] = [
            _("Give the months as a whole number from 1 to %(n)s, or leave it empty if it never expires.")
            % {"n": MAX_VALID_MONTHS}
        ]
    _fail(_("The course could not be saved."), errors)


@transaction.atomic
def do_create_course(*, actor: User, agency: Agency, values: CourseValues) -> Course:
    _check_course(agency.pk, values, None)
    course = Course(agency=agency, **{name: getattr(values, name) for name in COURSE_FIELDS})
    course.full_clean()
    course.save()
    _audit("training.course_created", actor, agency.pk, "course", course.pk, topic=course.topic)
    return course


@transaction.atomic
def do_update_course(*, actor: User, course: Course, expected_version: int, values: CourseValues) -> Course:
    course = Course.objects.select_for_update().get(pk=course.pk)
    check_version(course.version, expected_version, {name: getattr(course, name) for name in COURSE_FIELDS})
    _check_course(course.agency_id, values, course)
    changed = [name for name in COURSE_FIELDS if getattr(course, name) != getattr(values, name)]
    for name in COURSE_FIELDS:
        setattr(course, name, getattr(values, name))
    course.version += 1
    course.full_clean()
    course.save()
    _audit("training.course_updated", actor, course.agency_id, "course", course.pk, fields=changed)
    return course


# Sessions --------------------------------------------------------------------------------------------------------


@dataclass
class SessionValues:
    held_on: datetime.date
    is_online: bool = False
    place: str = ""
    trainer: str = ""
    capacity: int | None = None


SESSION_FIELDS = ("held_on", "is_online", "place", "trainer", "capacity")


def _check_session(values: SessionValues, session: TrainingSession | None) -> None:
    errors: dict[str, list[str]] = {}
    values.place = values.place.strip()
    values.trainer = values.trainer.strip()
    if len(values.place) > TEXT_MAX_LENGTH:
        errors["place"] = [_("Keep the place under %(n)s characters.") % {"n": TEXT_MAX_LENGTH}]
    if len(values.trainer) > NAME_MAX_LENGTH:
        errors["trainer"] = [_("Keep the trainer's name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    if values.capacity is not None:
        if not (0 < values.capacity <= MAX_CAPACITY):
            errors["capacity"] = [_("Give the number of places as a whole number above 0, or leave it empty.")]
        elif session is not None:
            taken = session.participants.count()
            if values.capacity < taken:
                errors["capacity"] = [
                    _("%(n)s people are already on this session: give at least that many places.") % {"n": taken}
                ]
    _fail(_("The session could not be saved."), errors)


@transaction.atomic
def do_create_session(*, actor: User, course: Course, values: SessionValues) -> TrainingSession:
    _check_session(values, None)
    session = TrainingSession(
        agency_id=course.agency_id,
        course=course,
        created_by=actor,
        **{name: getattr(values, name) for name in SESSION_FIELDS},
    )
    session.full_clean()
    session.save()
    _audit("training.session_created", actor, course.agency_id, "training_session", session.pk, course=str(course.pk))
    return session


@transaction.atomic
def do_update_session(
    *, actor: User, session: TrainingSession, expected_version: int, values: SessionValues
) -> TrainingSession:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    check_version(session.version, expected_version, {name: getattr(session, name) for name in SESSION_FIELDS})
    _check_session(values, session)
    changed = [name for name in SESSION_FIELDS if getattr(session, name) != getattr(values, name)]
    for name in SESSION_FIELDS:
        setattr(session, name, getattr(values, name))
    session.version += 1
    session.full_clean()
    session.save()
    _audit("training.session_updated", actor, session.agency_id, "training_session", session.pk, fields=changed)
    return session


# Participants ----------------------------------------------------------------------------------------------------


@dataclass
class ParticipantValues:
    kind: str
    user_id: UUID | None = None
    name: str = ""
    organisation_name: str = ""
    organization_id: UUID | None = None


def _check_participant(session: TrainingSession, values: ParticipantValues) -> dict[str, Any]:  # noqa: PLR0912 — one branch per kind and field
    """The columns of the new participant, or DomainError naming each field that is wrong."""
    errors: dict[str, list[str]] = {}
    values.name = values.name.strip()
    values.organisation_name = values.organisation_name.strip()
    columns: dict[str, Any] = {"kind": values.kind}
    if values.kind not in ParticipantKind.values:
        errors["kind"] = [_("Choose who is taking part.")]
    elif values.kind == ParticipantKind.STAFF:
        user = staff_user(session.agency_id, values.user_id) if values.user_id else None
        if user is None:
            errors["user_id"] = [_("Choose a staff member of your agency.")]
        elif session.participants.filter(user=user).exists():
            errors["user_id"] = [_("This staff member is already on the session.")]
        columns["user"] = user
    else:
        if len(values.name) > NAME_MAX_LENGTH:
            errors["name"] = [_("Keep the name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
        columns["name"] = values.name
    if values.kind == ParticipantKind.PARTNER:
        if not values.name:
            errors["name"] = [_("Give the partner's name.")]
        organisation = directory_organisation(values.organization_id) if values.organization_id else None
        if values.organization_id and organisation is None:
            errors["organization_id"] = [_("Choose an organisation of the partner directory.")]
        if organisation is not None:
            columns["organization"] = organisation
            columns["organisation_name"] = values.organisation_name or organisation.name
        elif not values.organisation_name:
            errors["organisation_name"] = [_("Give the partner's organisation, or choose it from the directory.")]
        else:
            columns["organisation_name"] = values.organisation_name
        if len(values.organisation_name) > NAME_MAX_LENGTH:
            errors["organisation_name"] = [_("Keep the organisation under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    if session.capacity is not None and session.participants.count() >= session.capacity:
        errors["__all__"] = [_("The session is full. Give it more places first.")]
    _fail(_("The participant could not be added."), errors)
    return columns


@transaction.atomic
def do_add_participant(*, actor: User, session: TrainingSession, values: ParticipantValues) -> TrainingParticipant:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    columns = _check_participant(session, values)
    participant = TrainingParticipant(agency_id=session.agency_id, session=session, **columns)
    participant.full_clean()
    participant.save()
    _audit(
        "training.participant_added",
        actor,
        session.agency_id,
        "training_session",
        session.pk,
        participant=str(participant.pk),
        kind=participant.kind,
    )
    return participant


def _next_number(agency_id: Any, today: datetime.date) -> str:
    prefix = f"TRN-{today.year}-"
    issued = TrainingCertificate.objects.filter(agency_id=agency_id, number__startswith=prefix).count()
    return f"{prefix}{issued + 1:05d}"


@transaction.atomic
def do_mark_participant(
    *,
    actor: User,
    participant: TrainingParticipant,
    status: str,
    expected_version: int,
    completed_on: datetime.date | None = None,
) -> TrainingParticipant:
    """Mark attendance. `completed` issues the certificate: completed on the session's date unless another day is
    given, expiring after the course's validity (or never). A completion stands once its certificate is issued."""
    participant = (
        TrainingParticipant.objects.select_for_update()
        .select_related("session", "session__course")
        .get(pk=participant.pk)
    )
    check_version(participant.version, expected_version, {"status": participant.status})
    session = participant.session
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if status not in ParticipantStatus.values:
        errors["status"] = [_("Choose registered, attended, completed or did not attend.")]
    elif participant.status == ParticipantStatus.COMPLETED and status != ParticipantStatus.COMPLETED:
        errors["status"] = [_("A certificate was issued for this completion, so it stays completed.")]
    elif status in {ParticipantStatus.ATTENDED, ParticipantStatus.COMPLETED} and session.held_on > today:
        errors["status"] = [_("The session has not taken place yet.")]
    day = completed_on or session.held_on
    if status == ParticipantStatus.COMPLETED and not errors:
        if day > today:
            errors["completed_on"] = [_("The completion date cannot be in the future.")]
        elif day < session.held_on:
            errors["completed_on"] = [_("The completion date cannot be before the session.")]
    _fail(_("The attendance could not be saved."), errors)
    if participant.status == status:
        return participant
    participant.status = status
    participant.version += 1
    participant.full_clean()
    participant.save()
    detail: dict[str, object] = {"participant": str(participant.pk), "status": status}
    if status == ParticipantStatus.COMPLETED:
        course = session.course
        certificate = TrainingCertificate(
            agency_id=participant.agency_id,
            course=course,
            user=participant.user,
            participant=participant,
            source=CertificateSource.SESSION,
            provider=course.provider,
            number=_next_number(participant.agency_id, today),
            completed_on=day,
            expires_on=expiry_for(course, day),
            recorded_by=actor,
        )
        certificate.full_clean()
        certificate.save()
        detail["certificate"] = str(certificate.pk)
    _audit("training.attendance_marked", actor, participant.agency_id, "training_session", session.pk, **detail)
    return participant


# External certificates -------------------------------------------------------------------------------------------


@dataclass
class ExternalCertificateValues:
    user_id: UUID | None
    course_id: UUID | None
    completed_on: datetime.date | None
    provider: str = ""


@transaction.atomic
def do_record_external_certificate(
    *, actor: User, agency: Agency, values: ExternalCertificateValues
) -> TrainingCertificate:
    """A staff member trained elsewhere: the course it counts as, the day and the provider."""
    errors: dict[str, list[str]] = {}
    values.provider = values.provider.strip()
    user = staff_user(agency.pk, values.user_id) if values.user_id else None
    if user is None:
        errors["user_id"] = [_("Choose a staff member of your agency.")]
    course = Course.objects.filter(agency_id=agency.pk, pk=values.course_id).first() if values.course_id else None
    if course is None:
        errors["course_id"] = [_("Choose one of your agency's courses.")]
    today = timezone.localdate()
    if values.completed_on is None:
        errors["completed_on"] = [_("Give the day the training was completed.")]
    elif values.completed_on > today:
        errors["completed_on"] = [_("The completion date cannot be in the future.")]
    if len(values.provider) > NAME_MAX_LENGTH:
        errors["provider"] = [_("Keep the provider under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    _fail(_("The certificate could not be recorded."), errors)
    if course is None or values.completed_on is None:  # reported above; this narrows the types
        raise DomainError(_("The certificate could not be recorded."), code=INVALID)
    certificate = TrainingCertificate(
        agency=agency,
        course=course,
        user=user,
        source=CertificateSource.EXTERNAL,
        provider=values.provider or course.provider,
        number=_next_number(agency.pk, today),
        completed_on=values.completed_on,
        expires_on=expiry_for(course, values.completed_on),
        recorded_by=actor,
    )
    certificate.full_clean()
    certificate.save()
    _audit(
        "training.external_certificate_recorded",
        actor,
        agency.pk,
        "training_certificate",
        certificate.pk,
        course=str(course.pk),
        user=str(certificate.user_id),
    )
    return certificate


# Required training and the block setting -------------------------------------------------------------------------


@transaction.atomic
def do_set_required_courses(*, actor: User, agency: Agency, required: Mapping[str, set[UUID]]) -> None:
    """Replace the required courses of the roles named in `required` (role code -> course ids)."""
    errors: dict[str, list[str]] = {}
    known = set(Course.objects.filter(agency_id=agency.pk).values_list("pk", flat=True))
    for role, course_ids in required.items():
        if role not in Role.values:
            errors[role] = [_("Unknown role.")]
        elif not set(course_ids) <= known:
            errors[role] = [_("Choose your agency's courses.")]
    _fail(_("The required training could not be saved."), errors)
    current = {
        (row.role, row.course_id): row for row in RequiredCourse.objects.select_for_update().filter(agency_id=agency.pk)
    }
    wanted = {(role, course_id) for role, course_ids in required.items() for course_id in course_ids}
    gone = [row.pk for key, row in current.items() if key[0] in required and key not in wanted]
    RequiredCourse.objects.filter(pk__in=gone).delete()
    RequiredCourse.objects.bulk_create(
        [RequiredCourse(agency=agency, role=role, course_id=course_id) for role, course_id in wanted - set(current)]
    )
    _audit(
        "training.requirements_set",
        actor,
        agency.pk,
        "agency",
        agency.pk,
        required={role: sorted(str(course_id) for course_id in ids) for role, ids in required.items()},
    )


@transaction.atomic
def do_set_training_block(
    *, actor: User, agency: Agency, block_case_data: bool, expected_version: int
) -> TrainingPolicy:
    """Switch "staff must complete trauma-informed care before seeing case data" on or off."""
    policy, _created = TrainingPolicy.objects.select_for_update().get_or_create(agency=agency)
    check_version(policy.version, expected_version, {"block_case_data": policy.block_case_data})
    if policy.block_case_data == block_case_data:
        return policy
    policy.block_case_data = block_case_data
    policy.version += 1
    policy.full_clean()
    policy.save()
    _audit("training.block_set", actor, agency.pk, "agency", agency.pk, block_case_data=block_case_data)
    return policy
