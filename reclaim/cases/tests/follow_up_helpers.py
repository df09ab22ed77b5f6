"""Set up a case that exited to follow-up on a given day, through the real actions."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

import time_machine
from django.utils import timezone

from reclaim.cases.actions import do_decide_approval, do_open_case, do_request_approval, do_transition_case

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.people.models import Survivor

EXIT_ON = date(2026, 1, 31)


def at(day: date) -> time_machine.travel:
    """Freeze the clock at noon (local time) of `day`."""
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(12, 0))), tick=False)


def exit_to_follow_up(personas: dict[str, User | None], survivor: Survivor, *, on: date = EXIT_ON) -> Case:
    """Open a case in the survivor's team, take it to intake, and have a supervisor approve exit on `on`."""
    manager, supervisor = personas["case_manager"], personas["supervisor"]
    assert manager is not None
    assert supervisor is not None
    with at(on):
        case = do_open_case(actor=manager, survivor=survivor, team=survivor.team)
        case = do_transition_case(
            actor=manager, case=case, to="intake", expected_version=case.version, services_consent_on=on
        )
        approval = do_request_approval(actor=manager, case=case, kind="exit_to_follow_up")
        do_decide_approval(actor=supervisor, approval=approval, approve=True)
    case.refresh_from_db()
    return case
