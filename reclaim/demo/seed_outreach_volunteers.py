"""Demo volunteers (issue 10 item 5): in every demo agency, the demo "Val Volunteer" sign-in is linked to an active
volunteer, cleared (background check passed, confidentiality agreement and code of conduct signed), with two past
tasks (hours approved, some waiting) and two coming up (one offered, one accepted), and a thank-you note; plus a few
applicants at different steps. Bulk writes, tens of rows. Idempotent: an agency that has volunteers is left alone."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.outreach.models import (
    AgreementKind,
    AssignmentStatus,
    HoursStatus,
    ScreeningKind,
    ScreeningStatus,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
    VolunteerRole,
    VolunteerScreening,
    VolunteerStatus,
    VolunteerThanks,
)

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

# name, status, roles, screening statuses (interview, references, background check), languages
_APPLICANTS = [
    ("Noor A.", VolunteerStatus.APPLIED, [VolunteerRole.INTERPRETING], ("not_started",) * 3, "Arabic, English"),
    (
        "Tomasz K.",
        VolunteerStatus.SCREENING,
        [VolunteerRole.TRANSPORT, VolunteerRole.EVENTS],
        ("passed", "in_progress", "in_progress"),
        "Polish, English",
    ),
    ("Ines M.", VolunteerStatus.DECLINED, [VolunteerRole.OFFICE], ("failed", "not_started", "not_started"), "Spanish"),
]


def seed_outreach_volunteers(agencies: dict[str, Agency]) -> None:
    for agency in agencies.values():
        if Volunteer.objects.filter(agency=agency).exists():
            continue
        with transaction.atomic():
            _seed_agency(agency)


def _seed_agency(agency: Agency) -> None:
    today = timezone.localdate()
    now = timezone.now()
    members = dict(
        Membership.objects.filter(
            agency=agency, is_active=True, role__in=[Role.VOLUNTEER, Role.OUTREACH_COORDINATOR]
        ).values_list("role", "user_id")
    )
    val_id, coordinator_id = members.get(Role.VOLUNTEER), members.get(Role.OUTREACH_COORDINATOR)
    val = Volunteer(
        agency=agency,
        display_name="Val Volunteer",
        email="",
        status=VolunteerStatus.ACTIVE,
        user_id=val_id,
        applied_on=today - datetime.timedelta(days=120),
        roles=[VolunteerRole.GROUP_SUPPORT, VolunteerRole.TRANSPORT, VolunteerRole.EVENTS],
        languages="English, Spanish",
        skills="Driving licence, first aid",
        availability="Tuesday and Thursday evenings, some Saturdays",
        motivation="Wants to give back to the community",
        created_by_id=coordinator_id,
    )
    applicants = [
        Volunteer(
            agency=agency,
            display_name=name,
            status=status,
            roles=list(roles),
            languages=languages,
            availability="Weekends",
            applied_on=today - datetime.timedelta(days=10 + index * 7),
            created_by_id=coordinator_id,
        )
        for index, (name, status, roles, _steps, languages) in enumerate(_APPLICANTS)
    ]
    Volunteer.objects.bulk_create([val, *applicants])
    kinds = [ScreeningKind.INTERVIEW, ScreeningKind.REFERENCES, ScreeningKind.BACKGROUND_CHECK]
    screenings = [
        VolunteerScreening(
            agency=agency,
            volunteer=val,
            kind=kind,
            status=ScreeningStatus.PASSED,
            done_on=today - datetime.timedelta(days=100),
            recorded_by_id=coordinator_id,
        )
        for kind in kinds
    ]
    for volunteer, (_n, _s, _r, steps, _l) in zip(applicants, _APPLICANTS, strict=True):
        screenings += [
            VolunteerScreening(
                agency=agency, volunteer=volunteer, kind=kind, status=step, recorded_by_id=coordinator_id
            )
            for kind, step in zip(kinds, steps, strict=True)
        ]
    VolunteerScreening.objects.bulk_create(screenings)
    signed = today - datetime.timedelta(days=95)
    VolunteerAgreement.objects.bulk_create(
        [
            VolunteerAgreement(
                agency=agency,
                volunteer=val,
                kind=kind,
                signed_on=signed,
                document_version="2026-1",
                expires_on=signed + datetime.timedelta(days=365),
                recorded_by_id=coordinator_id,
            )
            for kind in (AgreementKind.CONFIDENTIALITY, AgreementKind.CODE_OF_CONDUCT)
        ]
    )
    # title, kind, days from today, hours, status, place, alias
    specs = [
        (
            "Drive to the clinic appointment",
            VolunteerRole.TRANSPORT,
            -21,
            2,
            AssignmentStatus.DONE,
            "Main entrance",
            "Heron",
        ),
        (
            "Support the peer circle",
            VolunteerRole.GROUP_SUPPORT,
            -7,
            3,
            AssignmentStatus.ACCEPTED,
            "Community room",
            "",
        ),
        ("Info stand at the job fair", VolunteerRole.EVENTS, 5, 4, AssignmentStatus.ACCEPTED, "Civic hall", ""),
        ("Drive to the court hearing", VolunteerRole.TRANSPORT, 9, 2, AssignmentStatus.OFFERED, "Side door", "Swift"),
    ]
    tasks = []
    for title, kind, days, length, status, place, alias in specs:
        start = (now + datetime.timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)
        tasks.append(
            VolunteerAssignment(
                agency=agency,
                volunteer=val,
                kind=kind,
                title=title,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=length),
                place=place,
                person_alias=alias,
                status=status,
                created_by_id=coordinator_id,
            )
        )
    VolunteerAssignment.objects.bulk_create(tasks)
    approved_at = now - datetime.timedelta(days=15)
    VolunteerHours.objects.bulk_create(
        [
            VolunteerHours(
                agency=agency,
                volunteer=val,
                assignment=tasks[0],
                worked_on=today - datetime.timedelta(days=21),
                hours=Decimal("2.5"),
                hours_logged=Decimal(3),
                status=HoursStatus.APPROVED,
                logged_by_id=val_id,
                approved_by_id=coordinator_id,
                approved_at=approved_at,
            ),
            VolunteerHours(
                agency=agency,
                volunteer=val,
                assignment=tasks[1],
                worked_on=today - datetime.timedelta(days=7),
                hours=Decimal(3),
                hours_logged=Decimal(3),
                note="Stayed to help tidy up",
                status=HoursStatus.SUBMITTED,
                logged_by_id=val_id,
            ),
        ]
    )
    VolunteerThanks.objects.bulk_create(
        [
            VolunteerThanks(
                agency=agency,
                volunteer=val,
                note="Thank you for stepping in at short notice for the clinic drive.",
                written_on=today - datetime.timedelta(days=14),
                written_by_id=coordinator_id,
            )
        ]
    )
