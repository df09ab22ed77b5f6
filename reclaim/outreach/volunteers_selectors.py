"""Reads of the volunteers part (issue 10 item 5), each scoped to one agency (or to the signed-in volunteer's own
record). Lists fetch their related rows up front, so a page costs the same number of queries for 5 or 500 rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from reclaim.accounts.selectors import active_membership
from reclaim.outreach.models import (
    AssignmentStatus,
    HoursStatus,
    OutreachEvent,
    Volunteer,
    VolunteerAgreement,
    VolunteerAssignment,
    VolunteerHours,
    VolunteerScreening,
    VolunteerStatus,
    VolunteerThanks,
)

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from django.db.models import QuerySet

    from reclaim.accounts.models import User

# Approved hours at which a volunteer's page celebrates a milestone.
MILESTONES = (10, 25, 50, 100, 250, 500, 1000)
ZERO = Decimal(0)
_HOURS: DecimalField[Decimal, Decimal] = DecimalField(max_digits=9, decimal_places=2)


def _approved_sum(prefix: str = "hours__") -> Any:
    return Coalesce(
        Sum(f"{prefix}hours", filter=Q(**{f"{prefix}status": HoursStatus.APPROVED})), Value(ZERO), output_field=_HOURS
    )


def volunteers_for_agency(agency_id: UUID) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(agency_id=agency_id).select_related("user", "invitation")


def volunteer_list(agency_id: UUID, *, status: str = "", role: str = "") -> QuerySet[Volunteer]:
    """The coordinator's list: filtered by status and by a role they may take, with approved hours (one query)."""
    rows = Volunteer.objects.filter(agency_id=agency_id)
    if status:
        rows = rows.filter(status=status)
    if role:
        # `roles` is a JSON list of codes; the quoted code matches one element exactly on SQLite and PostgreSQL.
        rows = rows.filter(roles__icontains=f'"{role}"')
    return rows.annotate(approved_hours=_approved_sum()).order_by("display_name")


def active_volunteers(agency_id: UUID) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(agency_id=agency_id, status=VolunteerStatus.ACTIVE).order_by("display_name")


def volunteer_for_user(user: User) -> Volunteer | None:
    """The volunteer record linked to this sign-in in the user's agency, if any."""
    membership = active_membership(user)
    if membership is None:
        return None
    return Volunteer.objects.filter(agency_id=membership.agency_id, user=user).first()


def screenings(volunteer: Volunteer) -> QuerySet[VolunteerScreening]:
    return volunteer.screenings.select_related("recorded_by").order_by("kind")


def screenings_for_agency(agency_id: UUID) -> QuerySet[VolunteerScreening]:
    return VolunteerScreening.objects.filter(agency_id=agency_id).select_related("volunteer")


def agreements(volunteer: Volunteer) -> QuerySet[VolunteerAgreement]:
    return volunteer.agreements.select_related("recorded_by").order_by("kind", "-signed_on", "-created_at")


def current_agreements(volunteer: Volunteer, on: datetime.date) -> dict[str, VolunteerAgreement]:
    """The latest signature of each kind that has not expired on `on`."""
    found: dict[str, VolunteerAgreement] = {}
    for agreement in agreements(volunteer):
        if agreement.kind in found:
            continue
        if agreement.expires_on is None or agreement.expires_on >= on:
            found[agreement.kind] = agreement
    return found


def assignments_for_agency(agency_id: UUID) -> QuerySet[VolunteerAssignment]:
    return VolunteerAssignment.objects.filter(agency_id=agency_id).select_related("volunteer", "event")


def assignments_for_volunteer(volunteer: Volunteer) -> QuerySet[VolunteerAssignment]:
    return (
        VolunteerAssignment.objects.filter(agency_id=volunteer.agency_id, volunteer=volunteer)
        .select_related("event")
        .annotate(logged_hours=Coalesce(Sum("hours__hours"), Value(ZERO), output_field=_HOURS))
        .order_by("-starts_at")
    )


def hours_for_agency(agency_id: UUID) -> QuerySet[VolunteerHours]:
    return VolunteerHours.objects.filter(agency_id=agency_id).select_related(
        "volunteer", "assignment", "approved_by", "logged_by"
    )


def hours_waiting(agency_id: UUID) -> QuerySet[VolunteerHours]:
    """Hours waiting for approval, oldest first (the pk breaks ties: the page shows every row once)."""
    return hours_for_agency(agency_id).filter(status=HoursStatus.SUBMITTED).order_by("worked_on", "created_at", "pk")


def hours_for_volunteer(volunteer: Volunteer) -> QuerySet[VolunteerHours]:
    return (
        VolunteerHours.objects.filter(agency_id=volunteer.agency_id, volunteer=volunteer)
        .select_related("assignment", "approved_by")
        .order_by("-worked_on", "-created_at", "pk")  # the pk breaks ties: a paged list shows every row once
    )


def thanks_for_volunteer(volunteer: Volunteer) -> QuerySet[VolunteerThanks]:
    return volunteer.thanks.select_related("written_by")


def events_for_agency(agency_id: UUID) -> QuerySet[OutreachEvent]:
    """Events an assignment may point at (the most recent first)."""
    return OutreachEvent.objects.filter(agency_id=agency_id).order_by("-starts_at")


@dataclass(frozen=True)
class MonthHours:
    month: datetime.date
    approved: Decimal
    waiting: Decimal


@dataclass(frozen=True)
class HoursSummary:
    approved: Decimal
    waiting: Decimal
    months: list[MonthHours]
    milestones_reached: list[int]
    next_milestone: int | None


def hours_summary(volunteer: Volunteer) -> HoursSummary:
    """Totals per volunteer and per month (approved and waiting), and the milestones reached (one query)."""
    rows = (
        VolunteerHours.objects.filter(agency_id=volunteer.agency_id, volunteer=volunteer)
        .annotate(month=TruncMonth("worked_on"))
        .values("month")
        .annotate(
            approved=Coalesce(Sum("hours", filter=Q(status=HoursStatus.APPROVED)), Value(ZERO), output_field=_HOURS),
            waiting=Coalesce(Sum("hours", filter=Q(status=HoursStatus.SUBMITTED)), Value(ZERO), output_field=_HOURS),
        )
        .order_by("-month")
    )
    months = [MonthHours(row["month"], row["approved"], row["waiting"]) for row in rows]
    approved = sum((m.approved for m in months), ZERO)
    waiting = sum((m.waiting for m in months), ZERO)
    reached = [m for m in MILESTONES if approved >= m]
    upcoming = [m for m in MILESTONES if approved < m]
    return HoursSummary(approved, waiting, months, reached, upcoming[0] if upcoming else None)


def split_upcoming(
    assignments: list[VolunteerAssignment], now: datetime.datetime
) -> tuple[list[VolunteerAssignment], list[VolunteerAssignment]]:
    """Upcoming (soonest first) and past (latest first) assignments."""
    upcoming = [a for a in assignments if (a.ends_at or a.starts_at) >= now]
    past = [a for a in assignments if (a.ends_at or a.starts_at) < now]
    upcoming.sort(key=lambda a: a.starts_at)
    return upcoming, past


def open_assignment_statuses() -> list[str]:
    return [AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED]
