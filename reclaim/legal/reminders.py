"""When a legal deadline reminds, and whom (DOMAIN.md §9: "nothing overdue goes unseen").

The rule, on day D for an open deadline due on `due_on` with reminder offsets K (days before; the agency's
LegalPolicy offsets copied when the deadline was made, default 90/30/7):

- days left = due_on - D (negative once the date has passed).
- The reminder is *active* from `due_on - max(K)` onward, and always on the due day and after it: the due
  day is an implicit offset 0, so a deadline with no offsets still shows on its day and once overdue.
- Its *stage* is the smallest offset k in K and 0 with days left <= k: with 90/30/7, 60 days before is the
  90-day stage, 20 days before the 30-day stage, 3 days before the 7-day stage, the due day the 0 stage.
- Overdue = open and due_on < D. The stage is then None and the wording "Overdue by N days".
- The wording counts the real days left: "Due in 90 days", "Due in 30 days", "Due in 7 days", "Due today",
  "Overdue by 3 days"; `stage_label` names the stage ("90-day reminder").
- "Open" is the rule of `selectors.deadlines_for_user`: not done, and the matter open, except that an
  expiry stays live after its matter closes (a granted status still ends).

Who is reminded: the matter's advocate and the case's lead worker (the case manager) get every active
reminder; once overdue it also reaches everyone with `approves_closure` who may read the case (the team's
supervisor; a program director agency-wide). Only cases the user may read count (`cases_for_user`).

There is no in-app notification or message model to write to, so the reminders are the task list and the
home panel: they are computed from the clock each time, so they cannot be missed or sent twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reclaim.accounts.selectors import capabilities
from reclaim.core.memo import shared_read
from reclaim.legal.actions import MAX_OFFSET_DAYS
from reclaim.legal.selectors import deadlines_for_user

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reclaim.accounts.models import User
    from reclaim.legal.models import LegalDeadline


@dataclass(frozen=True)
class Reminder:
    """Where a deadline stands on a day: days left (negative when overdue), the stage reached (an offset in
    days, None when overdue) and the words to show."""

    days_left: int
    stage: int | None
    overdue: bool
    wording: str
    stage_label: str


def days_left(due_on: datetime.date, today: datetime.date) -> int:
    return (due_on - today).days


def reminder_stage(offsets: Iterable[int], due_on: datetime.date, today: datetime.date) -> int | None:
    """The smallest offset k (the due day counting as 0) with days left <= k; None before the first
    reminder and once overdue."""
    left = days_left(due_on, today)
    if left < 0:
        return None
    reached = [k for k in {*offsets, 0} if left <= k]
    return min(reached) if reached else None


def wording(left: int) -> str:
    if left < 0:
        return ngettext("Overdue by %(n)s day", "Overdue by %(n)s days", -left) % {"n": -left}
    if left == 0:
        return _("Due today")
    return ngettext("Due in %(n)s day", "Due in %(n)s days", left) % {"n": left}


def stage_wording(stage: int | None) -> str:
    if stage is None:
        return _("Overdue")
    if stage == 0:
        return _("Due-day reminder")
    return _("%(n)s-day reminder") % {"n": stage}


def reminder_on(
    due_on: datetime.date, offsets: Iterable[int], today: datetime.date, *, is_open: bool = True
) -> Reminder | None:
    """The reminder an open deadline shows on `today`, or None (done, or before its first reminder)."""
    if not is_open:
        return None
    left = days_left(due_on, today)
    stage = reminder_stage(offsets, due_on, today)
    if left >= 0 and stage is None:
        return None
    return Reminder(
        days_left=left, stage=stage, overdue=left < 0, wording=wording(left), stage_label=stage_wording(stage)
    )


def reminder_of(deadline: LegalDeadline, today: datetime.date) -> Reminder | None:
    return reminder_on(deadline.due_on, deadline.reminder_offsets or [], today, is_open=deadline.is_open)


def status_of(deadline: LegalDeadline, today: datetime.date) -> Reminder:
    """Where any open deadline stands (for lists): like `reminder_of`, but also before its first reminder."""
    left = days_left(deadline.due_on, today)
    stage = reminder_stage(deadline.reminder_offsets or [], deadline.due_on, today)
    return Reminder(
        days_left=left,
        stage=stage,
        overdue=left < 0,
        wording=wording(left),
        stage_label=stage_wording(stage) if left < 0 or stage is not None else "",
    )


def _reminders_for_user(user: User, today: datetime.date) -> list[tuple[LegalDeadline, Reminder]]:
    """The selector: the deadlines whose reminder this user receives today, soonest first (one query).
    Mine (advocate or lead worker): every active reminder. Overdue on a case I may read, for approvers."""
    caps = capabilities(user)
    if not caps.works_cases:
        return []
    mine = Q(matter__advocate_id=user.pk) | Q(matter__case__lead_worker_id=user.pk)
    concerns = mine | Q(due_on__lt=today) if caps.approves_closure else mine
    rows = (
        deadlines_for_user(user, due_before=today + datetime.timedelta(days=MAX_OFFSET_DAYS + 1))
        .filter(concerns)
        .select_related(None)
        .select_related("matter__matter_type", "matter__case", "step")
        .only(
            "pk",
            "agency_id",
            "kind",
            "due_on",
            "reminder_offsets",
            "done_on",
            "matter_id",
            "matter__status",
            "matter__advocate_id",
            "matter__matter_type__label",
            "matter__matter_type__agency_id",  # shipped or an agency's own: whether labels are translated
            "matter__case_id",
            "matter__case__number",
            "matter__case__lead_worker_id",
            "step__deadline_label",
            "step__expiry_label",
        )
    )
    picked = []
    for deadline in rows:
        reminder = reminder_of(deadline, today)
        if reminder is None:
            continue
        own = user.pk in (deadline.matter.advocate_id, deadline.matter.case.lead_worker_id)
        if own or reminder.overdue:
            picked.append((deadline, reminder))
    return picked


def reminders_for_user(user: User, today: datetime.date) -> list[tuple[LegalDeadline, Reminder]]:
    """The deadlines whose reminder this user receives today: one query, shared within a page (core.memo; the
    home page's panel and the task list both show them)."""
    return shared_read(user, ("legal.reminders", today), lambda: _reminders_for_user(user, today))
