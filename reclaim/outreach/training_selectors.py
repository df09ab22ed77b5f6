"""Reads of staff training (issue 10 item 3, DOMAIN.md §14), every one scoped to one agency: courses, sessions and
their participants, certificates, the required courses per role, and the training record of a staff member or of
the whole staff. Lists cost a constant number of queries; statuses are worked out in Python from one query of
certificates."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from reclaim.accounts.models import Membership, User
from reclaim.outreach.models import (
    Course,
    ParticipantStatus,
    RequiredCourse,
    TrainingCertificate,
    TrainingParticipant,
    TrainingPolicy,
    TrainingSession,
)
from reclaim.referrals.models import Organization

if TYPE_CHECKING:
    from collections.abc import Iterable

# The staff overview warns this far ahead; the task list asks for action this far ahead.
OVERVIEW_HORIZON_DAYS = 60
TASK_HORIZON_DAYS = 30


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the end of a shorter month (31 January + 1 month = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(course: Course, completed_on: datetime.date) -> datetime.date | None:
    """The day a certificate of `course` completed on `completed_on` expires, or None when it never does."""
    if not course.valid_months:
        return None
    return add_months(completed_on, course.valid_months)


# Courses, sessions, participants ---------------------------------------------------------------------------------


def courses_for_agency(agency_id: Any, *, active_only: bool = False) -> QuerySet[Course]:
    courses = Course.objects.filter(agency_id=agency_id).annotate(session_count=Count("sessions"))
    return courses.filter(is_active=True) if active_only else courses


def sessions_for_agency(agency_id: Any) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(agency_id=agency_id)
        .select_related("course")
        .annotate(
            participant_count=Count("participants", distinct=True),
            completed_count=Count(
                "participants", filter=Q(participants__status=ParticipantStatus.COMPLETED), distinct=True
            ),
        )
    )


def sessions_of_course(course: Course) -> QuerySet[TrainingSession]:
    return sessions_for_agency(course.agency_id).filter(course=course)


def participants_of_session(session: TrainingSession) -> QuerySet[TrainingParticipant]:
    return (
        TrainingParticipant.objects.filter(agency_id=session.agency_id, session=session)
        .select_related("user", "organization", "certificate")
        .order_by("created_at")
    )


def staff_of_agency(agency_id: Any) -> QuerySet[Membership]:
    """The agency's active staff, for pickers and the overview (one query with their users)."""
    return (
        Membership.objects.filter(agency_id=agency_id, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__display_name")
    )


def staff_user(agency_id: Any, user_id: Any) -> User | None:
    membership = staff_of_agency(agency_id).filter(user_id=user_id).first()
    return membership.user if membership else None


def directory_organisation(organization_id: Any) -> Organization | None:
    """An organisation of the partner directory (the directory is shared by every agency)."""
    return Organization.objects.filter(pk=organization_id, is_active=True).first()


def directory_organisations() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True).only("id", "name").order_by("name")


# Certificates ----------------------------------------------------------------------------------------------------


def certificates_for_agency(agency_id: Any) -> QuerySet[TrainingCertificate]:
    return TrainingCertificate.objects.filter(agency_id=agency_id).select_related(
        "course", "user", "participant", "participant__session", "recorded_by"
    )


def certificates_of_user(agency_id: Any, user_id: Any) -> QuerySet[TrainingCertificate]:
    return (
        TrainingCertificate.objects.filter(agency_id=agency_id, user_id=user_id)
        .select_related("course")
        .order_by("-completed_on")
    )


# Required training and the records -------------------------------------------------------------------------------


def policy_for_agency(agency_id: Any) -> TrainingPolicy:
    """The agency's training settings; an unsaved default (nothing blocked) when it never set them."""
    return TrainingPolicy.objects.filter(agency_id=agency_id).first() or TrainingPolicy(agency_id=agency_id)


def requirements_for_agency(agency_id: Any) -> QuerySet[RequiredCourse]:
    return RequiredCourse.objects.filter(agency_id=agency_id).select_related("course").order_by("role", "course__title")


class Standing:
    CURRENT = "current"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"


@dataclass
class CourseStanding:
    """Where one person stands with one course: their best certificate (the one valid longest) and what it means."""

    course: Course
    required: bool
    certificate: TrainingCertificate | None
    standing: str

    @property
    def needs_action(self) -> bool:
        return self.standing != Standing.CURRENT


@dataclass
class StaffRecord:
    user: User
    role: str
    role_label: str
    required: list[CourseStanding] = field(default_factory=list)
    certificates: list[TrainingCertificate] = field(default_factory=list)

    @property
    def missing(self) -> list[CourseStanding]:
        return [row for row in self.required if row.standing == Standing.MISSING]

    @property
    def attention(self) -> list[CourseStanding]:
        return [row for row in self.required if row.needs_action]


def _validity(certificate: TrainingCertificate) -> datetime.date:
    return certificate.expires_on or datetime.date.max


def best_certificates(certificates: Iterable[TrainingCertificate]) -> dict[Any, TrainingCertificate]:
    """Per course id, the certificate that stays valid longest (one that never expires wins)."""
    best: dict[Any, TrainingCertificate] = {}
    for certificate in certificates:
        held = best.get(certificate.course_id)
        if held is None or _validity(certificate) > _validity(held):
            best[certificate.course_id] = certificate
    return best


def standing_of(certificate: TrainingCertificate | None, today: datetime.date, horizon_days: int) -> str:
    if certificate is None or certificate.completed_on > today:
        return Standing.MISSING
    if certificate.expires_on is None:
        return Standing.CURRENT
    if certificate.expires_on < today:
        return Standing.EXPIRED
    if certificate.expires_on <= today + datetime.timedelta(days=horizon_days):
        return Standing.EXPIRING
    return Standing.CURRENT


def _record(
    membership: Membership,
    required: list[Course],
    certificates: list[TrainingCertificate],
    today: datetime.date,
    horizon_days: int,
) -> StaffRecord:
    best = best_certificates(certificates)
    record = StaffRecord(
        user=membership.user,
        role=membership.role,
        role_label=str(membership.get_role_display()),
        certificates=certificates,
    )
    record.required = [
        CourseStanding(course, True, best.get(course.pk), standing_of(best.get(course.pk), today, horizon_days))
        for course in required
    ]
    return record


def training_record(
    membership: Membership, today: datetime.date, *, horizon_days: int = OVERVIEW_HORIZON_DAYS
) -> StaffRecord:
    """One staff member's record: their role's required courses with where they stand, and every certificate
    they hold. Two queries."""
    required = [row.course for row in requirements_for_agency(membership.agency_id).filter(role=membership.role)]
    certificates = list(certificates_of_user(membership.agency_id, membership.user_id))
    return _record(membership, required, certificates, today, horizon_days)


def staff_training_overview(
    agency_id: Any, today: datetime.date, *, horizon_days: int = OVERVIEW_HORIZON_DAYS
) -> list[StaffRecord]:
    """Every active staff member with their role's required courses and certificates: three queries, whatever
    the number of staff."""
    memberships = list(staff_of_agency(agency_id))
    by_role: dict[str, list[Course]] = defaultdict(list)
    for row in requirements_for_agency(agency_id):
        by_role[row.role].append(row.course)
    by_user: dict[Any, list[TrainingCertificate]] = defaultdict(list)
    staff_ids = [membership.user_id for membership in memberships]
    for certificate in (
        TrainingCertificate.objects.filter(agency_id=agency_id, user_id__in=staff_ids)
        .select_related("course")
        .order_by("-completed_on")
    ):
        by_user[certificate.user_id].append(certificate)
    return [
        _record(membership, by_role.get(membership.role, []), by_user.get(membership.user_id, []), today, horizon_days)
        for membership in memberships
    ]


def required_training_due(user: User, agency_id: Any, role: str, today: datetime.date) -> list[CourseStanding]:
    """The user's required courses that are missing, expired or expire within TASK_HORIZON_DAYS: one query of
    the role's required courses and, when there are any, one of the user's certificates of them."""
    rows = list(
        RequiredCourse.objects.filter(agency_id=agency_id, role=role).select_related("course").order_by("course__title")
    )
    if not rows:
        return []
    certificates = TrainingCertificate.objects.filter(
        agency_id=agency_id, user_id=user.pk, course_id__in=[row.course_id for row in rows]
    )
    best = best_certificates(certificates)
    standings = [
        CourseStanding(
            row.course, True, best.get(row.course_id), standing_of(best.get(row.course_id), today, TASK_HORIZON_DAYS)
        )
        for row in rows
    ]
    return [row for row in standings if row.needs_action]
