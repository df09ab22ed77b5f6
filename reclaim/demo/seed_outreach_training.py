"""Demo staff training (issue 10 item 3): four courses per demo agency (trauma-informed care, identification
indicators, confidentiality and consent, using Reclaim), a trauma-informed care session three weeks ago that most
case staff completed, an identification session next month with people registered (a partner's officer and a
community member among them), the certificates of those completions, one certificate from another provider that
expires soon (so a task and the overview show it), and the required courses per role.

The "block until trained" setting is left OFF, so every demo login sees its cases. Bulk writes, tens of rows;
idempotent: an agency that already has a course is left alone. Dates are relative to today.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.outreach.models import (
    CertificateSource,
    Course,
    CourseTopic,
    ParticipantKind,
    ParticipantStatus,
    RequiredCourse,
    TrainingCertificate,
    TrainingParticipant,
    TrainingSession,
)
from reclaim.outreach.training_selectors import expiry_for

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

# title, topic, provider, hours, valid months (None: never expires)
_COURSES = [
    ("Trauma-informed care", CourseTopic.TRAUMA_INFORMED_CARE, "Regional trauma centre", Decimal("6.0"), 24),
    ("Identification indicators", CourseTopic.IDENTIFICATION, "National anti-trafficking office", Decimal("3.0"), 36),
    ("Confidentiality and consent", CourseTopic.CONFIDENTIALITY, "", Decimal("2.0"), 12),
    ("Using Reclaim", CourseTopic.PLATFORM, "", Decimal("1.5"), None),
]
_CASE_ROLES = [Role.PROGRAM_DIRECTOR, Role.SUPERVISOR, Role.CASE_MANAGER, Role.CLINICIAN, Role.LEGAL_ADVOCATE]
# Completed the trauma-informed care session three weeks ago; the clinician's certificate comes from elsewhere.
_COMPLETED = [Role.PROGRAM_DIRECTOR, Role.SUPERVISOR, Role.CASE_MANAGER, Role.LEGAL_ADVOCATE]


def seed_outreach_training(agencies: dict[str, Agency]) -> None:
    today = timezone.localdate()
    for agency in agencies.values():
        if Course.objects.filter(agency=agency).exists():
            continue
        with transaction.atomic():
            _seed_agency(agency, today)


def _seed_agency(agency: Agency, today: datetime.date) -> None:
    staff = {m.role: m.user for m in Membership.objects.filter(agency=agency, is_active=True).select_related("user")}
    admin = staff.get(Role.AGENCY_ADMIN)
    courses = Course.objects.bulk_create(
        [
            Course(agency=agency, title=title, topic=topic, provider=provider, hours=hours, valid_months=months)
            for title, topic, provider, hours, months in _COURSES
        ]
    )
    tic, identification, _confidentiality, platform = courses
    held = today - datetime.timedelta(days=21)
    past, upcoming = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                agency=agency,
                course=tic,
                held_on=held,
                place="Training room, first floor",
                trainer="Dr. M. Okoro",
                capacity=16,
                created_by=admin,
            ),
            TrainingSession(
                agency=agency,
                course=identification,
                held_on=today + datetime.timedelta(days=30),
                is_online=True,
                place="Video call (link sent by email)",
                trainer="Olu Outreach",
                capacity=25,
                created_by=admin,
            ),
        ]
    )
    participants = [
        TrainingParticipant(
            agency=agency,
            session=past,
            kind=ParticipantKind.STAFF,
            user=staff[role],
            status=ParticipantStatus.COMPLETED,
        )
        for role in _COMPLETED
        if role in staff
    ]
    if Role.OUTREACH_COORDINATOR in staff:
        participants.append(
            TrainingParticipant(
                agency=agency,
                session=past,
                kind=ParticipantKind.STAFF,
                user=staff[Role.OUTREACH_COORDINATOR],
                status=ParticipantStatus.ABSENT,
            )
        )
    participants += [
        TrainingParticipant(
            agency=agency,
            session=upcoming,
            kind=ParticipantKind.PARTNER,
            name="Officer R. Lindqvist",
            organisation_name="City police, community unit",
        ),
        TrainingParticipant(agency=agency, session=upcoming, kind=ParticipantKind.COMMUNITY, name="Halima"),
    ]
    if Role.VOLUNTEER in staff:
        participants.append(
            TrainingParticipant(agency=agency, session=upcoming, kind=ParticipantKind.STAFF, user=staff[Role.VOLUNTEER])
        )
    TrainingParticipant.objects.bulk_create(participants)
    number = 0

    def next_number() -> str:
        nonlocal number
        number += 1
        return f"TRN-{today.year}-{number:05d}"

    certificates = [
        TrainingCertificate(
            agency=agency,
            course=tic,
            user=participant.user,
            participant=participant,
            source=CertificateSource.SESSION,
            provider=tic.provider,
            number=next_number(),
            completed_on=held,
            expires_on=expiry_for(tic, held),
            recorded_by=admin,
        )
        for participant in participants
        if participant.status == ParticipantStatus.COMPLETED
    ]
    if Role.CLINICIAN in staff:  # trained elsewhere almost two years ago: expires within the month
        completed = today - datetime.timedelta(days=715)
        certificates.append(
            TrainingCertificate(
                agency=agency,
                course=tic,
                user=staff[Role.CLINICIAN],
                source=CertificateSource.EXTERNAL,
                provider="University extension course",
                number=next_number(),
                completed_on=completed,
                expires_on=expiry_for(tic, completed),
                recorded_by=admin,
            )
        )
    certificates += [
        TrainingCertificate(
            agency=agency,
            course=platform,
            user=user,
            source=CertificateSource.EXTERNAL,
            provider="Reclaim onboarding",
            number=next_number(),
            completed_on=today - datetime.timedelta(days=60),
            recorded_by=admin,
        )
        for role, user in staff.items()
        if role in {Role.AGENCY_ADMIN, Role.CASE_MANAGER, Role.SUPERVISOR}
    ]
    TrainingCertificate.objects.bulk_create(certificates)
    required = [RequiredCourse(agency=agency, role=role, course=tic) for role in _CASE_ROLES]
    required += [RequiredCourse(agency=agency, role=role, course=platform) for role in Role.values]
    RequiredCourse.objects.bulk_create(required)
