"""Reads of group programs, scoped to the asking user: casework roles see their agency's groups, anyone else
only the groups they facilitate. Each list costs a constant number of queries."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from reclaim.accounts.models import Membership, User
from reclaim.accounts.roles import Role, capabilities_for
from reclaim.accounts.selectors import active_membership
from reclaim.cases.selectors import cases_for_user
from reclaim.funding.models import Grant
from reclaim.services.models import (
    AttendanceStatus,
    EnrolmentStatus,
    GroupAttendance,
    GroupEnrolment,
    GroupFacilitator,
    GroupProgram,
    GroupSession,
    GroupStatus,
)

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.cases.models import Case

TASK_LOOKBACK_DAYS = 14


def _facilitates(user: User) -> Exists:
    return Exists(GroupFacilitator.objects.filter(program=OuterRef("pk"), user_id=user.pk))


def programs_for_user(user: User) -> QuerySet[GroupProgram]:
    """Programs this user may open: all of the agency's for casework roles, the ones they facilitate otherwise."""
    membership = active_membership(user)
    if membership is None:
        return GroupProgram.objects.none()
    programs = GroupProgram.objects.filter(agency_id=membership.agency_id)
    if capabilities_for(membership.role).works_cases:
        return programs
    return programs.filter(_facilitates(user))


def facilitates_any(user: User) -> bool:
    membership = active_membership(user)
    return (
        membership is not None
        and GroupFacilitator.objects.filter(agency_id=membership.agency_id, user_id=user.pk).exists()
    )


def _with_facilitators(programs: QuerySet[GroupProgram]) -> QuerySet[GroupProgram]:
    return programs.prefetch_related(
        Prefetch("facilitator_links", queryset=GroupFacilitator.objects.select_related("user").order_by("created_at"))
    )


def group_list(user: User, *, include_past: bool = True) -> QuerySet[GroupProgram]:
    """The groups list: counts of people taking part and the next session, in three queries."""
    now = timezone.now()
    programs = programs_for_user(user)
    if not include_past:
        programs = programs.exclude(status__in=[GroupStatus.FINISHED, GroupStatus.CANCELLED])
    return _with_facilitators(
        programs.select_related("service_type").annotate(
            enrolled_count=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.LEFT), distinct=True),
            next_session_at=Min(
                "sessions__starts_at", filter=Q(sessions__starts_at__gte=now, sessions__cancelled=False)
            ),
        )
    ).order_by("status", "-starts_on", "name")


def program_for_page(programs: QuerySet[GroupProgram]) -> QuerySet[GroupProgram]:
    return _with_facilitators(programs.select_related("service_type", "grant"))


def facilitator_ids(program: GroupProgram) -> set[UUID]:
    """Ids of the program's facilitators (uses the prefetch when the program came through program_for_page)."""
    return {link.user_id for link in program.facilitator_links.all()}


def sessions_for_program(program: GroupProgram) -> QuerySet[GroupSession]:
    return (
        GroupSession.objects.filter(program=program)
        .select_related("attendance_taken_by")
        .annotate(present_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)))
        .order_by("starts_at")
    )


def counted_sessions(program: GroupProgram) -> int:
    """Sessions that count towards completion: every session of the program not cancelled."""
    return GroupSession.objects.filter(program=program, cancelled=False).count()


def roster_for_program(program: GroupProgram, *, include_left: bool = True) -> QuerySet[GroupEnrolment]:
    """Enrolments with the person's case and identity (names decrypted on read) and how often they came."""
    roster = (
        GroupEnrolment.objects.filter(program=program)
        .select_related("case__survivor", "certificate")
        .annotate(
            attended=Count(
                "attendance",
                filter=Q(attendance__status=AttendanceStatus.PRESENT, attendance__session__cancelled=False),
            )
        )
        .order_by("status", "enrolled_on", "created_at")
    )
    return roster if include_left else roster.exclude(status=EnrolmentStatus.LEFT)


def attendance_for_session(session: GroupSession) -> dict[Any, str]:
    """Marks already recorded at a session, by enrolment id."""
    return dict(GroupAttendance.objects.filter(session=session).values_list("enrolment_id", "status"))


def visible_case_ids(user: User, case_ids: list[Any]) -> set[Any]:
    """Which of these cases the user may open (one query): the roster links only those."""
    if not case_ids:
        return set()
    return set(cases_for_user(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def case_by_number(user: User, number: str) -> Case | None:
    """A case the user may see, by its number (for enrolling)."""
    number = number.strip()
    if not number:
        return None
    return cases_for_user(user).filter(number__iexact=number).select_related("survivor").first()


def facilitator_choices(agency_id: Any) -> QuerySet[User]:
    """Staff and volunteers of the agency who may facilitate (partner-agency users may not)."""
    members = Membership.objects.filter(agency_id=agency_id, is_active=True).exclude(role=Role.PARTNER_USER)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("display_name")


def grants_for_agency(agency_id: Any) -> QuerySet[Grant]:
    return Grant.objects.filter(agency_id=agency_id, is_active=True).order_by("name")


def sessions_needing_attendance(user: User, today: datetime.date) -> QuerySet[GroupSession]:
    """Sessions of groups this user facilitates that took place in the last 14 days with no attendance taken."""
    membership = active_membership(user)
    if membership is None:
        return GroupSession.objects.none()
    now = timezone.now()
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=TASK_LOOKBACK_DAYS), datetime.time())
    )
    return (
        GroupSession.objects.filter(
            agency_id=membership.agency_id,
            cancelled=False,
            attendance_taken_at__isnull=True,
            starts_at__lt=now,
            starts_at__gte=since,
            program__status__in=[GroupStatus.PLANNED, GroupStatus.RUNNING],
        )
        .filter(Exists(GroupFacilitator.objects.filter(program=OuterRef("program_id"), user_id=user.pk)))
        .select_related("program")
        .order_by("starts_at")
    )
