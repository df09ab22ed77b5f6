"""One function per timeline event type: a CaseEvent row (ids and codes only) plus its audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from reclaim.cases.models import Case, CaseEvent, EventType
from reclaim.core.audit import AuditEntry, write_audit

if TYPE_CHECKING:
    from reclaim.accounts.models import User


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
    return event


def case_opened(*, case: Case, actor: User | None, source: str) -> CaseEvent:
    return _record(case, actor, EventType.OPENED, "case.opened", source=source, survivor_id=str(case.survivor_id))


def status_changed(*, case: Case, actor: User | None, old: str, new: str, approval_id: str = "") -> CaseEvent:
    return _record(
        case, actor, EventType.STATUS_CHANGED, "case.status_changed", old=old, new=new, approval_id=approval_id
    )


def reopened(*, case: Case, actor: User | None) -> CaseEvent:
    return _record(case, actor, EventType.REOPENED, "case.reopened")


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
