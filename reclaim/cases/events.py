"""One function per timeline event type: a CaseEvent row (ids and codes only) plus its audit row."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from reclaim.cases.models import Case, CaseEvent, EventType
from reclaim.core.audit import AuditEntry, write_audit

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.accounts.models import User

# Called with each timeline row inside the transaction that writes it, each listener in a savepoint of its own.
# What a listener writes (reclaim/interop: webhook deliveries) commits with the event or not at all, so a crash
# right after the commit loses nothing (a transactional outbox; the worker's periodic job sends what is due).
# Work outside the database belongs in the listener's own transaction.on_commit. A listener that fails is logged
# and its savepoint rolled back; the domain write goes on. Interfaces register here from their
# AppConfig.ready(), so no domain imports them.
_listeners: list[Callable[[CaseEvent], object]] = []
logger = logging.getLogger(__name__)


def register_event_listener(listener: Callable[[CaseEvent], object]) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _notify(event: CaseEvent) -> None:
    for listener in _listeners:
        try:
            with transaction.atomic():
                listener(event)
        except Exception:
            logger.exception(
                "timeline listener %s failed on event %s", getattr(listener, "__qualname__", "?"), event.pk
            )


def _record(case: Case, actor: User | None, event_type: str, audit_action: str, **parameters: Any) -> CaseEvent:
    event = CaseEvent.objects.create(
        agency_id=case.agency_id, case=case, type=event_type, actor=actor, at=timezone.now(), parameters=parameters
    )
    write_audit(
        AuditEntry(
            audit_action,
            actor_id=actor.pk if actor else None,
            agency_id=case.agency_id,
            object_type="case",
            object_id=str(case.pk),
            detail=parameters,
        )
    )
    _notify(event)
    return event


def case_opened(*, case: Case, actor: User | None, source: str) -> CaseEvent:
    return _record(case, actor, EventType.OPENED, "case.opened", source=source, survivor_id=str(case.survivor_id))


def status_changed(
    *, case: Case, actor: User | None, old: str, new: str, approval_id: str = "", reason: str = ""
) -> CaseEvent:
    extra = {"reason": reason} if reason else {}
    return _record(
        case, actor, EventType.STATUS_CHANGED, "case.status_changed", old=old, new=new, approval_id=approval_id, **extra
    )


def reopened(*, case: Case, actor: User | None, reason: str = "") -> CaseEvent:
    extra = {"reason": reason} if reason else {}
    return _record(case, actor, EventType.REOPENED, "case.reopened", **extra)


def determination_recorded(*, case: Case, actor: User | None, status: str, decided_by: str) -> CaseEvent:
    return _record(case, actor, EventType.DETERMINATION, "case.determination", status=status, decided_by=decided_by)


def assigned(*, case: Case, actor: User | None, lead_worker_id: str, team_id: str) -> CaseEvent:
    return _record(case, actor, EventType.ASSIGNED, "case.assigned", lead_worker_id=lead_worker_id, team_id=team_id)


def approval_requested(*, case: Case, actor: User | None, approval_id: str, kind: str) -> CaseEvent:
    return _record(
        case, actor, EventType.APPROVAL_REQUESTED, "case.approval_requested", approval_id=approval_id, kind=kind
    )


def approval_decided(*, case: Case, actor: User | None, approval_id: str, kind: str, outcome: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.APPROVAL_DECIDED,
        "case.approval_decided",
        approval_id=approval_id,
        kind=kind,
        outcome=outcome,
    )


def details_updated(*, case: Case, actor: User | None, fields: list[str]) -> CaseEvent:
    return _record(case, actor, EventType.DETAILS_UPDATED, "case.details_updated", fields=",".join(fields))


def follow_up_scheduled(*, case: Case, actor: User | None, period: int, count: int, first_due: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.FOLLOW_UP_SCHEDULED,
        "case.follow_up_scheduled",
        period=period,
        count=count,
        first_due=first_due,
    )


def follow_up_recorded(
    *,
    case: Case,
    actor: User | None,
    follow_up_id: str,
    sequence: int,
    outcome: str,
    channel: str,
    indicators: list[str],
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.FOLLOW_UP_RECORDED,
        "case.follow_up_recorded",
        follow_up_id=follow_up_id,
        sequence=sequence,
        outcome=outcome,
        channel=channel,
        indicators=indicators,
    )


def follow_up_missed(*, case: Case, follow_up_id: str, sequence: int) -> CaseEvent:
    return _record(
        case, None, EventType.FOLLOW_UP_MISSED, "case.follow_up_missed", follow_up_id=follow_up_id, sequence=sequence
    )


def follow_up_cancelled(*, case: Case, actor: User | None, count: int, reason: str) -> CaseEvent:
    return _record(case, actor, EventType.FOLLOW_UP_CANCELLED, "case.follow_up_cancelled", count=count, reason=reason)


def follow_up_stopped(*, case: Case, actor: User | None, count: int) -> CaseEvent:
    return _record(case, actor, EventType.FOLLOW_UP_STOPPED, "case.follow_up_stopped", count=count)


def screening_recorded(
    *, case: Case, actor: User | None, screening_id: str, tool: str, indicator_count: int, determination_id: str
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.SCREENING,
        "case.screening_recorded",
        screening_id=screening_id,
        tool=tool,
        indicator_count=indicator_count,
        determination_id=determination_id,
    )


def need_updated(*, case: Case, actor: User | None, need: str, status: str) -> CaseEvent:
    return _record(case, actor, EventType.NEED_UPDATED, "case.need_updated", need=need, status=status)


# Note events carry the note's id and level only, never its text. The timeline selector hides an event
# whose `confidentiality` the reader may not see, so a clinical note leaves no trace for a case manager.
def note_added(*, case: Case, actor: User | None, note_id: str, confidentiality: str) -> CaseEvent:
    return _record(
        case, actor, EventType.NOTE_ADDED, "case.note_added", note_id=note_id, confidentiality=confidentiality
    )


def note_edited(*, case: Case, actor: User | None, note_id: str, confidentiality: str) -> CaseEvent:
    return _record(
        case, actor, EventType.NOTE_EDITED, "case.note_edited", note_id=note_id, confidentiality=confidentiality
    )


def note_struck(*, case: Case, actor: User | None, note_id: str, confidentiality: str) -> CaseEvent:
    return _record(
        case, actor, EventType.NOTE_STRUCK, "case.note_struck", note_id=note_id, confidentiality=confidentiality
    )


def document_added(*, case: Case, actor: User | None, document_id: str, kind: str, confidentiality: str) -> CaseEvent:
    """Ids and codes only: never the title or the file name."""
    return _record(
        case,
        actor,
        EventType.DOCUMENT_ADDED,
        "case.document_added",
        document_id=document_id,
        kind=kind,
        confidentiality=confidentiality,
    )


def document_version_added(
    *, case: Case, actor: User | None, document_id: str, number: int, confidentiality: str
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.DOCUMENT_VERSION_ADDED,
        "case.document_version_added",
        document_id=document_id,
        number=number,
        confidentiality=confidentiality,
    )


def document_archived(*, case: Case, actor: User | None, document_id: str, confidentiality: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.DOCUMENT_ARCHIVED,
        "case.document_archived",
        document_id=document_id,
        confidentiality=confidentiality,
    )


def history_event_added(*, case: Case, actor: User | None, event_id: str, event_type: str) -> CaseEvent:
    return _record(case, actor, EventType.HISTORY_ADDED, "case.history_added", event_id=event_id, type=event_type)


def history_event_changed(*, case: Case, actor: User | None, event_id: str, event_type: str) -> CaseEvent:
    return _record(case, actor, EventType.HISTORY_CHANGED, "case.history_changed", event_id=event_id, type=event_type)


def history_event_removed(*, case: Case, actor: User | None, event_id: str) -> CaseEvent:
    return _record(case, actor, EventType.HISTORY_REMOVED, "case.history_removed", event_id=event_id)


def flag_raised(*, case: Case, actor: User | None, flag_id: str, kind: str) -> CaseEvent:
    return _record(case, actor, EventType.FLAG_RAISED, "case.flag_raised", flag_id=flag_id, kind=kind)


def flag_cleared(*, case: Case, actor: User | None, flag_id: str, kind: str) -> CaseEvent:
    return _record(case, actor, EventType.FLAG_CLEARED, "case.flag_cleared", flag_id=flag_id, kind=kind)


def re_trafficking_recorded(
    *, case: Case, actor: User | None, event_id: str, flag_id: str, exit_basis: str, reopened_from: str
) -> CaseEvent:
    """`exit_basis` says which exit the new exploitation came after; `reopened_from` the stage left, or ""."""
    return _record(
        case,
        actor,
        EventType.RE_TRAFFICKING,
        "case.re_trafficking_recorded",
        event_id=event_id,
        flag_id=flag_id,
        exit_basis=exit_basis,
        reopened_from=reopened_from,
    )


def outcomes_rated(*, case: Case, actor: User | None, rating_id: str, scale_id: str) -> CaseEvent:
    return _record(case, actor, EventType.OUTCOMES_RATED, "case.outcomes_rated", rating_id=rating_id, scale_id=scale_id)


def outcomes_rating_edited(*, case: Case, actor: User | None, rating_id: str) -> CaseEvent:
    return _record(case, actor, EventType.OUTCOMES_RATING_EDITED, "case.outcomes_rating_edited", rating_id=rating_id)
