"""The staff calendar by day and by week: the signed-in user's appointments, or (for a supervisor) a team
member's. A case is linked, and its number shown, only when the viewer may read that case."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.paging import counted_page
from reclaim.scheduling import access, selectors
from reclaim.scheduling.forms import CalendarPickForm

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.scheduling.models import Appointment


@dataclass(frozen=True)
class CalendarRow:
    appointment: Appointment
    readable: bool  # the viewer may open the case


def _pick(request: HttpRequest, user: User) -> tuple[User, datetime.date, CalendarPickForm]:
    staff = access.access_calendar_of(user, request.GET.get("staff") or None)
    form = CalendarPickForm(request.GET or None, people=selectors.calendar_people(user))
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data["date"]:
        day = form.cleaned_data["date"]
    return staff, day, form


def _range(user: User, start: datetime.date, days: int) -> tuple[datetime.datetime, datetime.datetime, Any]:
    """The days' start and end in the current time zone, and the viewer's agency (a calendar shows its own)."""
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=timezone.get_current_timezone())
    membership = active_membership(user)
    return begin, begin + datetime.timedelta(days=days), membership.agency_id if membership is not None else None


def _rows(user: User, appointments: Iterable[Appointment]) -> list[CalendarRow]:
    readable = selectors.readable_case_ids(user, {a.case_id for a in appointments})
    return [CalendarRow(a, a.case_id in readable) for a in appointments]


def _common(user: User, staff: User, form: CalendarPickForm, **extra: Any) -> dict[str, Any]:
    return {
        "staff": staff,
        "own": staff.pk == user.pk,
        "form": form,
        "can_pick": capabilities(user).approves_closure,
        "today": timezone.localdate(),
        "now": timezone.now(),
        **extra,
    }


@require_GET
def calendar_day(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    staff, day, form = _pick(request, user)
    begin, end, agency_id = _range(user, day, 1)
    # a page at a time, counted in the page's own statement (a worker on thousands of cases may have hundreds)
    page = counted_page(
        selectors.calendar_for(staff.pk, begin, end, agency_id=agency_id),
        request.GET.get("page"),
        selectors.DAY_PAGE_SIZE,
    )
    query = urlencode({"date": day.isoformat()} | ({} if staff.pk == user.pk else {"staff": staff.pk}))
    context = _common(
        user,
        staff,
        form,
        day=day,
        rows=_rows(user, page.object_list),
        page=page,
        query=query,
        previous=day - datetime.timedelta(days=1),
        next=day + datetime.timedelta(days=1),
    )
    return render(request, "scheduling/calendar_day.html", context)


@require_GET
def calendar_week(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    staff, day, form = _pick(request, user)
    monday = day - datetime.timedelta(days=day.weekday())
    begin, end, agency_id = _range(user, monday, 7)
    # at most selectors.WEEK_DAY_LIMIT of each day; each carries `day_total`, the day's number in all
    rows = _rows(user, list(selectors.calendar_week_for(staff.pk, begin, end, agency_id=agency_id)))
    by_day: dict[datetime.date, list[CalendarRow]] = {}
    for row in rows:
        by_day.setdefault(timezone.localdate(row.appointment.starts_at), []).append(row)
    # each day: its date, its (earliest) appointments, and how many more the day view has when it is full
    days = []
    for date in (monday + datetime.timedelta(days=n) for n in range(7)):
        listed = by_day.get(date, [])
        total = getattr(listed[0].appointment, "day_total", len(listed)) if listed else 0
        days.append((date, listed, total - len(listed)))
    context = _common(
        user,
        staff,
        form,
        day=day,
        monday=monday,
        days=days,
        previous=monday - datetime.timedelta(days=7),
        next=monday + datetime.timedelta(days=7),
    )
    return render(request, "scheduling/calendar_week.html", context)
