"""The scheduling source of the user's task list: today's appointments (the in-app reminder) and past
appointments still "booked", whose outcome (kept or missed) needs recording."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from reclaim.cases.tasklist import TaskCount, TaskItem, local_day_start
from reclaim.scheduling import selectors

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def appointment_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    appointments = selectors.todays_and_unrecorded(user, today)
    readable = selectors.readable_case_ids(user, {a.case_id for a in appointments})
    now = timezone.now()
    items = []
    for appointment in appointments:
        local = timezone.localtime(appointment.starts_at)
        can_open = appointment.case_id in readable
        url = (
            reverse("scheduling:appointment_edit", args=[appointment.case_id, appointment.pk])
            if can_open
            else reverse("scheduling:calendar_day") + f"?date={local.date().isoformat()}"
        )
        if appointment.ends_at < now:
            title = _("Record whether the appointment at %(time)s was kept") % {
                "time": formats.time_format(local, "TIME_FORMAT")
            }
            kind = _("Appointment outcome")
        else:
            title = _("Appointment at %(time)s") % {"time": formats.time_format(local, "TIME_FORMAT")}
            kind = _("Appointment")
        items.append(
            TaskItem(
                source="appointment",
                kind=kind,
                title=title,
                url=url,
                due=local.date(),
                case_number=appointment.case.number if can_open else "",
            )
        )
    return items


def appointment_count(user: User, today: datetime.date) -> list[TaskCount]:
    """Counts what appointment_tasks lists; an appointment is overdue when its local date is before today."""
    return [
        TaskCount(
            selectors.todays_and_unrecorded_rows(user, today),
            overdue=Q(starts_at__lt=local_day_start(today)),
            limit=selectors.TASK_LIMIT,
        )
    ]
