"""Reads about check-ins: open urgent alerts and missed scheduled check-ins, computed from the clock.

Who is alerted: the case's lead worker and assigned workers (among the cases they may read) and, outside the
agency's office hours (agency-local time, TIME_ZONE), the agency's on-call supervisor. The note a survivor
wrote is never loaded here: task lists and home panels show the case number, when, and the survivor's
chosen safe way to reach them; the note is on the case page only.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from reclaim.accounts.selectors import active_membership
from reclaim.cases.models import CaseAssignment
from reclaim.cases.selectors import cases_for_user
from reclaim.cases.state import CaseStatus
from reclaim.connect.models import AccessStatus, CheckIn, CheckInSchedule, PortalSettings
from reclaim.core.memo import shared_read

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.connect.models import PortalAccount

ALERT_LIMIT = 50


# Office days are Monday to Friday; Saturday and Sunday are outside office hours all day.
FIRST_WEEKEND_DAY = 5


def office_is_open(settings_row: PortalSettings | None, now: datetime.datetime) -> bool:
    """Whether `now` falls inside the agency's office hours, in agency-local time. No settings: 09:00-17:00.
    Weekends are closed."""
    opens = settings_row.office_opens if settings_row else datetime.time(9)
    closes = settings_row.office_closes if settings_row else datetime.time(17)
    if timezone.localtime(now).weekday() >= FIRST_WEEKEND_DAY:
        return False
    local = timezone.localtime(now).time()
    if opens <= closes:
        return opens <= local < closes
    return local >= opens or local < closes  # hours across midnight


def _mine(user: User) -> Q:
    assigned = Exists(CaseAssignment.objects.filter(case=OuterRef("case_id"), user_id=user.pk))
    return Q(assigned) | Q(case__lead_worker_id=user.pk)


def _office_open_at(local: datetime.time) -> Q:
    """Portal settings whose office hours include this local time (hours may run across midnight)."""
    same_day = Q(office_opens__lte=F("office_closes")) & Q(office_opens__lte=local, office_closes__gt=local)
    overnight = Q(office_opens__gt=F("office_closes")) & (Q(office_opens__lte=local) | Q(office_closes__gt=local))
    return same_day | overnight


def _on_call_now(user: User, now: datetime.datetime) -> Q | None:
    """Check-ins of the user's agency while they are its on-call supervisor and the office is closed (a
    condition inside the one query, not a query of its own)."""
    membership = active_membership(user)
    if membership is None:
        return None
    local = timezone.localtime(now)
    closed_and_mine = PortalSettings.objects.filter(agency_id=OuterRef("agency_id"), on_call_id=user.pk)
    if local.weekday() < FIRST_WEEKEND_DAY:
        closed_and_mine = closed_and_mine.exclude(_office_open_at(local.time()))
    return Q(agency_id=membership.agency_id) & Q(Exists(closed_and_mine))


def _open_urgent_check_ins(user: User, now: datetime.datetime | None = None) -> list[CheckIn]:
    """Urgent check-ins nobody has acknowledged yet that this user should act on, newest first. One query.
    Each carries `case.number` and `account.safe_contact`; never the note."""
    now = now or timezone.now()
    mine = Q(case__in=cases_for_user(user)) & _mine(user)
    on_call = _on_call_now(user, now)
    who = mine | on_call if on_call is not None else mine
    rows = (
        CheckIn.objects.filter(urgent=True, acknowledged_at__isnull=True)
        .filter(who)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "account")
        .only(
            "created_at",
            "safety",
            "feeling",
            "agency_id",
            "version",
            "urgent",
            "acknowledged_at",
            "case_id",
            "case__number",
            "case__lead_worker_id",
            "account_id",
            "account__safe_contact",
        )
        .order_by("-created_at")[:ALERT_LIMIT]
    )
    return list(rows)


def open_urgent_check_ins(user: User, now: datetime.datetime | None = None) -> list[CheckIn]:
    """Urgent check-ins nobody has acknowledged that this user should act on: one query, shared within a page
    (core.memo; the home page's panel and the task list both show them; a page is one moment, so `now` is
    not part of the key)."""
    return shared_read(user, "connect.urgent_check_ins", lambda: _open_urgent_check_ins(user, now))


def due_on(schedule: CheckInSchedule) -> datetime.date:
    """The local date by which the next scheduled check-in is expected."""
    since = schedule.last_check_in_at or schedule.started_at
    return timezone.localdate(since) + datetime.timedelta(days=schedule.every_days)


def missed_due_on(schedule: CheckInSchedule, now: datetime.datetime) -> datetime.date | None:
    """The due date that has passed without a check-in, or None (off, on time, or the access has stopped)."""
    if schedule.every_days <= 0:
        return None
    due = due_on(schedule)
    return due if timezone.localdate(now) > due else None


def _live_schedules() -> QuerySet[CheckInSchedule]:
    return (
        CheckInSchedule.objects.filter(every_days__gt=0, account__status=AccessStatus.ACTIVE)
        .exclude(case__status=CaseStatus.CLOSED)
        .only("every_days", "started_at", "last_check_in_at", "missed_recorded_for", "case_id", "account_id")
    )


def missed_schedule_ids(now: datetime.datetime) -> list[Any]:
    """Every live schedule whose check-in is overdue and not yet on the timeline for that due date."""
    return [
        row.pk
        for row in _live_schedules()
        if (due := missed_due_on(row, now)) is not None and row.missed_recorded_for != due
    ]


def missed_check_ins(user: User, now: datetime.datetime | None = None) -> list[tuple[CheckInSchedule, datetime.date]]:
    """Scheduled check-ins missed on the cases this user works on (lead or assigned). One query."""
    now = now or timezone.now()
    rows = (
        _live_schedules()
        .filter(case__in=cases_for_user(user))
        .filter(_mine(user))
        .select_related("case")
        .only(
            "every_days",
            "started_at",
            "last_check_in_at",
            "missed_recorded_for",
            "case_id",
            "account_id",
            "case__number",
        )
    )
    return [(row, due) for row in rows if (due := missed_due_on(row, now)) is not None]


def check_ins_for_case(case: Case, *, limit: int = 100) -> list[CheckIn]:
    """The case's latest `limit` check-ins, newest first, with who acknowledged them (one query)."""
    return list(check_in_rows(case)[:limit])


def check_in_rows(case: Case) -> QuerySet[CheckIn]:
    """All the case's check-ins, newest first, with who acknowledged them, for paging (the API)."""
    return CheckIn.objects.filter(case=case).select_related("acknowledged_by").order_by("-created_at", "-pk")


def check_in_for_case(case: Case, check_in_id: Any) -> CheckIn:
    row = CheckIn.objects.filter(case=case, pk=check_in_id).first()
    if row is None:
        raise Http404
    return row


def schedule_for_account(account: PortalAccount) -> CheckInSchedule | None:
    return CheckInSchedule.objects.filter(account=account).first()


def latest_for_account(account: PortalAccount) -> CheckIn | None:
    return CheckIn.objects.filter(account=account).only("created_at", "urgent").order_by("-created_at").first()
