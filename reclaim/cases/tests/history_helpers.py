"""Set-up shared by the trafficking-history tests, through actions only."""

from __future__ import annotations

from datetime import date
from typing import Any

from reclaim.cases.actions import (
    HistoryEventData,
    do_decide_approval,
    do_open_case,
    do_record_history_event,
    do_request_approval,
    do_transition_case,
)
from reclaim.cases.models import Case

IDENTIFIED = date(2023, 5, 10)


def open_case(personas, survivor, *, identified_on: date | None = IDENTIFIED) -> Case:
    return do_open_case(
        actor=personas["case_manager"], survivor=survivor, team=survivor.team, identified_on=identified_on
    )


def to_intake(personas, case: Case) -> Case:
    return do_transition_case(
        actor=personas["case_manager"],
        case=case,
        to="intake",
        expected_version=case.version,
        services_consent_on=date(2023, 5, 11),
    )


def to_follow_up(personas, case: Case) -> Case:
    case = to_intake(personas, case)
    approval = do_request_approval(actor=personas["case_manager"], case=case, kind="exit_to_follow_up")
    do_decide_approval(actor=personas["supervisor"], approval=approval, approve=True)
    case.refresh_from_db()
    return case


def to_closed(personas, case: Case) -> Case:
    case = to_intake(personas, case)
    approval = do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    do_decide_approval(actor=personas["supervisor"], approval=approval, approve=True)
    case.refresh_from_db()
    return case


def record(personas, case: Case, **fields: Any):
    fields.setdefault("type", "Exploitation")
    return do_record_history_event(actor=personas["case_manager"], case=case, data=HistoryEventData(**fields))
