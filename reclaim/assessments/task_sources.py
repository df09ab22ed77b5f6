"""What assessments put on a worker's task list: reassessments due soon or overdue, and safety alerts not yet
acknowledged, on the cases the user works on personally. Registered in AssessmentsConfig.ready()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import active_membership
from reclaim.assessments.schedule_selectors import due_count_rows, due_in, overdue_q
from reclaim.assessments.selectors import open_alerts_for_dashboard, sees_results
from reclaim.cases.selectors import my_open_cases
from reclaim.cases.tasklist import Tally, TaskCount, TaskItem

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def reassessment_tasks(user: User, today: datetime.date, *, limit: int | None = None) -> list[TaskItem]:
    """Reassessments overdue or due within two weeks on the user's own cases, from the stored due dates; the
    first `limit` by due date when given (overdue first is the same order: overdue is a date further back).

    Only the first `limit` rows are read, in a statement planned for all of them (`due_in` pages with
    core.queries.first_rows): it joins the user's cases first, 2 ms for a supervisor with none of their own and
    31 ms for a worker on 5,000 cases, whose 16,000 rows were all read into Python before (290 ms)."""
    membership = active_membership(user)
    if membership is None or not sees_results(user):
        return []
    return [
        TaskItem(
            source="reassessment",
            kind=_("Reassessment"),
            title=_("%(instrument)s due") % {"instrument": item.name},
            url=reverse("assessments:case_assessments", args=[item.case_id]),
            due=item.due_on,
            case_number=item.case_number,
            overdue=item.overdue,  # the schedule's rule: 14 days past the due date, as on *Assessments due*
        )
        for item in due_in(my_open_cases(user), agency_ids=[membership.agency_id], today=today, limit=limit)
    ]


def reassessment_count(user: User, today: datetime.date) -> list[TaskCount]:
    """reassessment_tasks' rows counted in the task count's one statement (the home page)."""
    membership = active_membership(user)
    if membership is None or not sees_results(user):
        return []
    rows = due_count_rows(my_open_cases(user), today=today)
    return [TaskCount(rows, overdue=overdue_q(today))]


def alert_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    return [
        TaskItem(
            source="assessment_alert",
            kind=_("Assessment alert"),
            title=_("Review the %(instrument)s result and acknowledge the alert")
            % {"instrument": alert.assessment.instrument_version.instrument.name},
            url=reverse("assessments:case_assessments", args=[alert.case_id]),
            due=alert.raised_at.date(),
            case_number=alert.case.number,
            urgent=alert.severity == "urgent",
        )
        for alert in open_alerts_for_dashboard(user)
    ]


def alert_count(user: User, today: datetime.date) -> list[Tally]:
    """alert_tasks' items counted from the same alerts (an alert is overdue from the day after it was raised)."""
    alerts = open_alerts_for_dashboard(user)
    return [Tally(len(alerts), sum(alert.raised_at.date() < today for alert in alerts))]
