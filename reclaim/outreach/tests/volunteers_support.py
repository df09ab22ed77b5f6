"""Shared set-up of the volunteers tests: a coordinator's helpers that walk a volunteer through the real actions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from reclaim.outreach import volunteers_actions as v
from reclaim.outreach.models import Volunteer, VolunteerAssignment


def applicant(coordinator: Any, agency: Any, name: str = "Rosa Helper", **values: Any) -> Volunteer:
    return v.do_record_application(actor=coordinator, agency=agency, values=v.VolunteerValues(name, **values))


def clear(coordinator: Any, volunteer: Volunteer) -> Volunteer:
    """Background check passed and confidentiality agreement signed (not yet taken on)."""
    volunteer.refresh_from_db()
    if volunteer.status == "applied":
        volunteer = v.do_change_volunteer_status(
            actor=coordinator, volunteer=volunteer, expected_version=volunteer.version, to="screening"
        )
    check = volunteer.screenings.get(kind="background_check")
    v.do_record_screening(
        actor=coordinator,
        screening=check,
        expected_version=check.version,
        values=v.ScreeningValues("passed", timezone.localdate()),
    )
    v.do_record_agreement(
        actor=coordinator,
        volunteer=volunteer,
        values=v.AgreementValues("confidentiality", timezone.localdate(), document_version="2026-1"),
    )
    return volunteer


def active_volunteer(
    coordinator: Any, agency: Any, name: str = "Rosa Helper", user: Any = None, **values: Any
) -> Volunteer:
    volunteer = clear(coordinator, applicant(coordinator, agency, name, **values))
    volunteer.refresh_from_db()
    volunteer = v.do_change_volunteer_status(
        actor=coordinator, volunteer=volunteer, expected_version=volunteer.version, to="active"
    )
    if user is not None:
        volunteer.user = user
        volunteer.save()
    return volunteer


def task(
    coordinator: Any, volunteer: Volunteer, *, days: int = -2, title: str = "Drive to the clinic", **extra: Any
) -> VolunteerAssignment:
    return v.do_create_assignment(
        actor=coordinator,
        volunteer=volunteer,
        values=v.AssignmentValues("transport", title, timezone.now() + timedelta(days=days), **extra),
    )


def accepted_task(coordinator: Any, volunteer: Volunteer, **kw: Any) -> VolunteerAssignment:
    assignment = task(coordinator, volunteer, **kw)
    return v.do_respond_to_assignment(
        actor=coordinator, assignment=assignment, expected_version=assignment.version, accept=True
    )


def hours(actor: Any, assignment: VolunteerAssignment, amount: str = "2", days_ago: int = 1) -> Any:
    return v.do_log_hours(
        actor=actor,
        assignment=assignment,
        values=v.HoursValues(timezone.localdate() - timedelta(days=days_ago), Decimal(amount)),
    )
