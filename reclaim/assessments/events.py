"""Timeline events of assessments: ids and codes only (instrument code, band, alert rule codes), never
answers or notes. Each writes a CaseEvent row and its audit row through the cases timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseEvent


def assessment_recorded(
    *,
    case: Case,
    actor: User | None,
    assessment_id: str,
    instrument: str,
    version: str,
    band: str,
    complete: bool,
    alerts: list[str],
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.ASSESSMENT_RECORDED,
        "assessment.recorded",
        assessment_id=assessment_id,
        instrument=instrument,
        instrument_version=version,
        band=band,
        complete=complete,
        alerts=alerts,
    )


def assessment_assigned(*, case: Case, actor: User | None, assessment_id: str, instrument: str, mode: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.ASSESSMENT_ASSIGNED,
        "assessment.assigned",
        assessment_id=assessment_id,
        instrument=instrument,
        mode=mode,
    )


def alert_acknowledged(*, case: Case, actor: User | None, alert_id: str, rule: str, assessment_id: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.ASSESSMENT_ALERT_ACKNOWLEDGED,
        "assessment.alert_acknowledged",
        alert_id=alert_id,
        rule=rule,
        assessment_id=assessment_id,
    )


def assessment_overdue(*, case: Case, instrument: str, due_on: str) -> CaseEvent:
    """Written once per case, instrument code and due date by the reminder job (no actor)."""
    return _record(case, None, EventType.ASSESSMENT_OVERDUE, "assessment.overdue", instrument=instrument, due_on=due_on)
