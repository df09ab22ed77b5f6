"""What legal deadlines put on a worker's task list and home page.
Registered in LegalConfig.ready(). Who is reminded, and when, is reclaim/legal/reminders.py.

A task's title names the matter type, what is due and where it stands ("T visa: Filing deadline. Due in 30
days"; a deadline a step brought is named by its set: "T visa: Receipt notice expected. Due in 30 days"), with
the case number beside it; never the deadline's own text (free text, kept encrypted):
the task list is a glance, often on a shared screen, and the matter page one click away shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.cases.panels import Panel
from reclaim.cases.tasklist import Tally, TaskItem
from reclaim.core.refdata import LEGAL_DEADLINE, shipped_label
from reclaim.legal.reminders import reminders_for_user

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User
    from reclaim.legal.models import LegalDeadline

PANEL_DAYS = 30


def matter_url(deadline: LegalDeadline) -> str:
    """The matter's page, else the case's Legal tab, else the case (pages another part may not have yet)."""
    for name, arg in (
        ("legal:matter", deadline.matter_id),
        ("legal:case_matters", deadline.matter.case_id),
    ):
        try:
            return reverse(name, args=[arg])
        except NoReverseMatch:
            continue
    return reverse("cases:detail", args=[deadline.matter.case_id])


def set_label(deadline: Any) -> str:
    """What the deadline is, in the words of its jurisdiction set when a step brought it ("Receipt notice
    expected", "Continued Presence expires": set data, not the worker's own text), else its kind."""
    step = deadline.step
    if step is not None:
        label = step.expiry_label if deadline.kind == "expiry" else step.deadline_label
        if label:
            return shipped_label(str(label), LEGAL_DEADLINE, shipped=deadline.matter.matter_type.is_shipped)
    return str(deadline.get_kind_display())


def deadline_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    """Reminders to the advocate and the case manager; overdue deadlines to approvers as well (one query)."""
    return [
        TaskItem(
            source="legal_deadline",
            kind=_("Legal deadline"),
            title=_("%(matter)s: %(kind)s. %(when)s")
            % {
                "matter": deadline.matter.matter_type.display_label,
                "kind": set_label(deadline),
                "when": reminder.wording,
            },
            url=matter_url(deadline),
            due=deadline.due_on,
            case_number=deadline.matter.case.number,
            urgent=reminder.overdue,
            overdue=reminder.overdue,
        )
        for deadline, reminder in reminders_for_user(user, today)
    ]


def deadline_count(user: User, today: datetime.date) -> list[Tally]:
    """deadline_tasks' items counted from the same reminders (read once per page), without building them."""
    reminders = [reminder for _deadline, reminder in reminders_for_user(user, today)]
    return [Tally(len(reminders), sum(reminder.overdue for reminder in reminders))]


def deadlines_panel(user: User) -> Panel | None:
    """ "Legal deadlines" on the home page when the user's reminders hold something due within 30 days or
    overdue (one query)."""
    today = timezone.localdate()
    reminders = [r for _d, r in reminders_for_user(user, today) if r.days_left <= PANEL_DAYS]
    if not reminders:
        return None
    overdue = sum(r.overdue for r in reminders)
    return Panel(
        "legal/deadlines_panel.html",
        {"overdue": overdue, "soon": len(reminders) - overdue, "days": PANEL_DAYS},
    )
