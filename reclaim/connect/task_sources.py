"""What check-ins and messages put on a worker's task list and home page (registered in ConnectConfig.ready()).

An urgent check-in ("not safe", "I need help now") is an urgent task and a home panel for the case's lead
and assigned workers and, outside office hours, the on-call supervisor, until someone acknowledges it. It
shows the case number, when, and the survivor's chosen safe way to reach them; never their note (that is
on the case page). A missed scheduled check-in is a softer task, computed from the clock: nothing to send
or to miss twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import capabilities
from reclaim.cases.panels import Panel
from reclaim.cases.tasklist import Tally, TaskItem
from reclaim.connect import checkin_selectors, message_selectors
from reclaim.connect.models import Safety

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User
    from reclaim.connect.models import CheckIn


def alert_wording(check_in: CheckIn) -> str:
    if check_in.safety == Safety.HELP_NOW:
        return _("Urgent check-in: the person said they need help now.")
    return _("Urgent check-in: the person said they are not safe.")


def safe_contact_wording(check_in: CheckIn) -> str:
    contact = check_in.account.safe_contact
    if contact:
        return _("Safe way to reach them (their words): %(contact)s") % {"contact": contact}
    return _("They gave no safe way to reach them: check the case file before you contact them.")


def check_in_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    """Open urgent check-ins and missed scheduled check-ins (one query each)."""
    if not capabilities(user).works_cases:
        return []
    now = timezone.now()
    items = [
        TaskItem(
            source="portal_check_in",
            kind=_("Urgent check-in"),
            title=f"{alert_wording(row)} {safe_contact_wording(row)}",
            url=reverse("connect:urgent_check_in", args=[row.pk]),
            due=timezone.localdate(row.created_at),
            case_number=row.case.number,
            urgent=True,
            overdue=False,
        )
        for row in checkin_selectors.open_urgent_check_ins(user, now)
    ]
    items.extend(
        TaskItem(
            source="portal_check_in_missed",
            kind=_("Scheduled check-in missed"),
            title=_("The person chose to check in every %(days)s days and has not checked in since %(due)s.")
            % {"days": schedule.every_days, "due": due.isoformat()},
            url=reverse("connect:case_checkins", args=[schedule.case_id]),
            due=due,
            case_number=schedule.case.number,
            overdue=False,
        )
        for schedule, due in checkin_selectors.missed_check_ins(user, now)
    )
    return items


def check_in_count(user: User, today: datetime.date) -> list[Tally]:
    """check_in_tasks' items counted from the same rows, without building them (no contact decrypted); none
    of them is overdue."""
    if not capabilities(user).works_cases:
        return []
    now = timezone.now()
    urgent = checkin_selectors.open_urgent_check_ins(user, now)
    return [Tally(len(urgent) + len(checkin_selectors.missed_check_ins(user, now)))]


def urgent_check_ins_panel(user: User) -> Panel | None:
    """ "Urgent check-ins" on the home page while one is open for this user (one query)."""
    if not capabilities(user).works_cases:
        return None
    rows = checkin_selectors.open_urgent_check_ins(user)
    if not rows:
        return None
    return Panel(
        "connect/checkins_panel.html",
        {"alerts": [(row, alert_wording(row), safe_contact_wording(row)) for row in rows]},
    )


def unread_messages_panel(user: User) -> Panel | None:
    """ "Portal messages" on the home page: threads with messages the team has not read (one query)."""
    if not capabilities(user).works_cases:
        return None
    threads = message_selectors.unread_threads_for_staff(user)
    if not threads:
        return None
    return Panel(
        "connect/messages_panel.html", {"threads": threads, "total": sum(getattr(t, "unread", 0) for t in threads)}
    )
