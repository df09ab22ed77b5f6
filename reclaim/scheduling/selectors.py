"""Reads of appointments, scoped to what the user may see: a case's appointments go through the case gate
first; a calendar shows a staff member's own appointments (and, to a supervisor, their team's)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case as CaseWhen
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from reclaim.accounts.models import Membership, TeamMember, User
from reclaim.accounts.roles import CAPABILITIES, Scope
from reclaim.accounts.selectors import active_membership, capabilities, team_ids
from reclaim.cases.selectors import cases_for_user
from reclaim.scheduling.models import (
    MAX_DURATION,
    Appointment,
    AppointmentAttendee,
    AppointmentStatus,
    CalendarFeedToken,
    Reminder,
    ReminderStatus,
)

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.cases.models import Case


def _with_details(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return appointments.select_related("case", "service_type").prefetch_related(
        Prefetch("attendees", queryset=User.objects.only("id", "display_name").order_by("display_name"))
    )


def appointments_for_user(user: User) -> QuerySet[Appointment]:
    """Appointments on cases this user may read (the access gate's queryset)."""
    return Appointment.objects.filter(case__in=cases_for_user(user))


def appointments_for_case(case: Case) -> QuerySet[Appointment]:
    """A case's appointments (the case already passed its gate), with attendees, oldest first."""
    return _with_details(Appointment.objects.filter(case=case)).order_by("starts_at", "pk")


def no_show_count(case: Case) -> int:
    return Appointment.objects.filter(case=case, status=AppointmentStatus.NO_SHOW).count()


def attending(user_id: Any) -> Exists:
    return Exists(AppointmentAttendee.objects.filter(appointment=OuterRef("pk"), user_id=user_id))


# What a calendar shows: every status but "moved" (the new time is its own appointment). Named as a list, not as
# "not moved", so the database reads the calendar's range on index scheduling_appt_status_start (one range per status).
ON_CALENDAR = [status for status in AppointmentStatus.values if status != AppointmentStatus.RESCHEDULED]


def on_calendar_between(start: datetime.datetime, end: datetime.datetime) -> dict[str, Any]:
    """Appointments a calendar shows that overlap [start, end): they start before its end and end after its start.
    As none lasts longer than MAX_DURATION, they also start after `start - MAX_DURATION`. With the statuses named,
    that is a range the database reads by index; "starts before the end" and "not moved" read every earlier
    appointment (at 100k on SQLite, 100 ms for a day, 300 ms for a week)."""
    return {
        "status__in": ON_CALENDAR,
        "starts_at__lt": end,
        "starts_at__gt": start - MAX_DURATION,
        "ends_at__gt": start,
    }


def _attended(staff_id: Any, start: datetime.datetime, end: datetime.datetime, agency_id: Any) -> QuerySet[Appointment]:
    rows = Appointment.objects.filter(attending(staff_id), **on_calendar_between(start, end))
    if agency_id is not None:
        # the agency's appointments only (index scheduling_appt_agency_start), not every agency's of those days:
        # at 100k the demo's busiest week holds 54,600 appointments, 2,700 of them one worker's
        rows = rows.filter(agency_id=agency_id)
    return rows


def calendar_for(
    staff_id: Any, start: datetime.datetime, end: datetime.datetime, *, agency_id: Any = None
) -> QuerySet[Appointment]:
    """The appointments a staff member attends that overlap [start, end), with case and attendees (3 queries);
    with `agency_id` (the viewer's: staff attend their own agency's appointments), that agency's only."""
    return _with_details(_attended(staff_id, start, end, agency_id)).order_by("starts_at", "pk")


WEEK_DAY_LIMIT = 30  # appointments listed per day in the week view; the day view pages through them all
DAY_PAGE_SIZE = 50  # appointments on one page of the day view


def calendar_week_for(
    staff_id: Any,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    per_day: int | None = None,
    agency_id: Any = None,
) -> QuerySet[Appointment]:
    """calendar_for, but at most `per_day` appointments of each local day (the earliest); each carries
    `day_total`, how many that day has in all (3 queries, however full the week). `per_day`: WEEK_DAY_LIMIT."""
    per_day = WEEK_DAY_LIMIT if per_day is None else per_day
    day = TruncDate("starts_at", tzinfo=timezone.get_current_timezone())
    rows = (
        _attended(staff_id, start, end, agency_id)
        .annotate(
            day_rank=Window(RowNumber(), partition_by=[day], order_by=[F("starts_at").asc(), F("pk").asc()]),
            day_total=Window(Count("pk"), partition_by=[day]),
        )
        .filter(day_rank__lte=per_day)
    )
    return _with_details(rows).order_by("starts_at", "pk")


def readable_case_ids(user: User, case_ids: set[UUID]) -> set[UUID]:
    """Which of these cases the user may read (one query)."""
    if not case_ids:
        return set()
    return set(cases_for_user(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def calendar_people(user: User) -> QuerySet[User]:
    """Whose calendar the user may look at: their own; a supervisor also their teams' members, a program
    director the whole agency's casework staff."""
    membership = active_membership(user)
    caps = capabilities(user)
    if membership is None or not caps.works_cases:
        return User.objects.none()
    if not caps.approves_closure:
        return User.objects.filter(pk=user.pk)
    members = Membership.objects.filter(agency_id=membership.agency_id, is_active=True)
    if caps.case_scope != Scope.AGENCY:
        members = members.filter(
            Exists(TeamMember.objects.filter(membership=OuterRef("pk"), team_id__in=team_ids(membership)))
        )
    members = members.filter(role__in=[role for role, caps_ in CAPABILITIES.items() if caps_.works_cases])
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=members.values("user_id"))).order_by("display_name")


@dataclass(frozen=True)
class Clash:
    appointment_id: UUID
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    case_id: UUID
    case_number: str  # "" when the viewer may not read that case
    same_case: bool


def clashes_for(
    *,
    viewer: User,
    agency_id: Any,
    case_id: Any,
    attendee_ids: list[Any],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    exclude_id: Any = None,
) -> list[Clash]:
    """Booked appointments of the same case or of one of the attendees that overlap the given times.
    The case number is shown only for cases the viewer may read (two queries)."""
    overlapping = Appointment.objects.filter(
        agency_id=agency_id, status=AppointmentStatus.BOOKED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).filter(
        Q(case_id=case_id)
        | Exists(AppointmentAttendee.objects.filter(appointment=OuterRef("pk"), user_id__in=attendee_ids))
    )
    if exclude_id is not None:
        overlapping = overlapping.exclude(pk=exclude_id)
    rows = list(overlapping.select_related("case").order_by("starts_at")[:20])
    readable = readable_case_ids(viewer, {row.case_id for row in rows})
    return [
        Clash(
            appointment_id=row.pk,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            case_id=row.case_id,
            case_number=row.case.number if row.case_id in readable else "",
            same_case=row.case_id == case_id,
        )
        for row in rows
    ]


def due_reminders(now: datetime.datetime, limit: int = 500) -> QuerySet[Reminder]:
    return (
        Reminder.objects.filter(status=ReminderStatus.PENDING, send_at__lte=now)
        .select_related("appointment", "recipient")
        .order_by("send_at", "pk")[:limit]
    )


TASK_LIMIT = 100  # appointments on the task list at most


def todays_and_unrecorded_rows(user: User, today: datetime.date) -> QuerySet[Appointment]:
    """The user's booked appointments today, and their past ones still "booked" (whether they were kept is not
    recorded yet) in the last 90 days, earliest first."""
    tz = timezone.get_current_timezone()
    day_start = datetime.datetime.combine(today, datetime.time.min, tzinfo=tz)
    day_end = day_start + datetime.timedelta(days=1)
    now = timezone.now()
    rows = Appointment.objects.filter(attending(user.pk), status=AppointmentStatus.BOOKED)
    if (membership := active_membership(user)) is not None:
        # A member attends the agency's appointments: walk the agency's (scheduling_appt_agency_start), not every
        # agency's. For someone with none to attend (a supervisor), the walk reads all 90 days before it ends: at
        # 100k on SQLite that was 380 ms of every agency's appointments, a tenth of a second on the home page.
        rows = rows.filter(agency_id=membership.agency_id)
    return (
        rows.filter(Q(starts_at__gte=day_start, starts_at__lt=day_end) | Q(ends_at__lt=now))
        .filter(starts_at__gte=now - datetime.timedelta(days=90))
        .select_related("case")
        .order_by("starts_at", "pk")
    )


def todays_and_unrecorded(user: User, today: datetime.date) -> list[Appointment]:
    """For the task list: the first TASK_LIMIT of todays_and_unrecorded_rows (one query)."""
    return list(todays_and_unrecorded_rows(user, today)[:TASK_LIMIT])


def live_feed_token(user: User) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_token_by_hash(token_hash: str) -> CalendarFeedToken | None:
    return (
        CalendarFeedToken.objects.filter(token_hash=token_hash, revoked_at__isnull=True).select_related("user").first()
    )


FEED_LIMIT = 1000  # events in one feed: calendar apps read the whole feed every few minutes to hours


def feed_appointments(user: User, now: datetime.datetime) -> list[Appointment]:
    """What a feed carries: the user's appointments from 30 days ago to a year ahead (moved ones as cancelled),
    at most FEED_LIMIT of them, earliest first. A fuller window keeps the appointments nearest to now: the coming
    ones soonest first, then the past ones latest first (one query; the database sorts the window's rows by the
    `CASE` and keeps the first FEED_LIMIT). At the reference set the demo worker's window holds 10,010, which made a
    2.1 MB feed that took 3 s on every poll."""
    upcoming = Q(starts_at__gte=now)
    nearest = (
        Appointment.objects.filter(
            attending(user.pk),
            starts_at__gte=now - datetime.timedelta(days=30),
            starts_at__lt=now + datetime.timedelta(days=366),
        )
        .annotate(
            feed_past=CaseWhen(When(upcoming, then=Value(0)), default=Value(1)),
            feed_ahead=CaseWhen(When(upcoming, then=F("starts_at"))),
        )
        .order_by("feed_past", "feed_ahead", F("starts_at").desc(), "pk")[:FEED_LIMIT]
    )
    return sorted(nearest, key=lambda appointment: (appointment.starts_at, appointment.pk))
