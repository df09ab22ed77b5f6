"""Timeline events of legal matters: ids and codes only (matter type and step codes), never notes, names,
court numbers or the text of a deadline. Privileged material never reaches the timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseEvent


def matter_opened(*, case: Case, actor: User | None, matter_id: str, matter_type: str, step: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.LEGAL_MATTER_OPENED,
        "legal.matter_opened",
        matter_id=matter_id,
        matter_type=matter_type,
        step=step,
    )


def step_changed(*, case: Case, actor: User | None, matter_id: str, matter_type: str, old: str, new: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.LEGAL_STEP_CHANGED,
        "legal.step_changed",
        matter_id=matter_id,
        matter_type=matter_type,
        old=old,
        new=new,
    )


def matter_closed(*, case: Case, actor: User | None, matter_id: str, matter_type: str, outcome: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.LEGAL_MATTER_CLOSED,
        "legal.matter_closed",
        matter_id=matter_id,
        matter_type=matter_type,
        outcome=outcome,
    )


def matter_updated(*, case: Case, actor: User | None, matter_id: str, fields: list[str]) -> CaseEvent:
    return _record(
        case, actor, EventType.LEGAL_MATTER_UPDATED, "legal.matter_updated", matter_id=matter_id, fields=fields
    )


def deadline_set(
    *, case: Case, actor: User | None, matter_id: str, deadline_id: str, kind: str, **extra: Any
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.LEGAL_DEADLINE_SET,
        "legal.deadline_set",
        matter_id=matter_id,
        deadline_id=deadline_id,
        kind=kind,
        **extra,
    )


def deadline_done(*, case: Case, actor: User | None, matter_id: str, deadline_id: str, kind: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.LEGAL_DEADLINE_DONE,
        "legal.deadline_done",
        matter_id=matter_id,
        deadline_id=deadline_id,
        kind=kind,
    )


def access_granted(*, case: Case, actor: User | None, grant_id: str, user_id: str) -> CaseEvent:
    return _record(
        case, actor, EventType.LEGAL_ACCESS_GRANTED, "legal.access_granted", grant_id=grant_id, user_id=user_id
    )


def access_revoked(*, case: Case, actor: User | None, grant_id: str, user_id: str) -> CaseEvent:
    return _record(
        case, actor, EventType.LEGAL_ACCESS_REVOKED, "legal.access_revoked", grant_id=grant_id, user_id=user_id
    )


def law_enforcement_contact(
    *, case: Case, actor: User | None, contact_id: str, kind: str, disclosed: bool, consent_id: str
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.LAW_ENFORCEMENT_CONTACT,
        "legal.law_enforcement_contact",
        contact_id=contact_id,
        kind=kind,
        disclosed=disclosed,
        consent_id=consent_id,
    )


def rights_shared(*, case: Case, actor: User | None, share_id: str, topic: str, language: str) -> CaseEvent:
    return _record(
        case, actor, EventType.RIGHTS_SHARED, "legal.rights_shared", share_id=share_id, topic=topic, language=language
    )


def law_enforcement_contact_updated(
    *, case: Case, actor: User | None, contact_id: str, fields: list[str], disclosed: bool, consent_id: str
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.LAW_ENFORCEMENT_CONTACT,
        "legal.law_enforcement_contact_updated",
        contact_id=contact_id,
        fields=fields,
        disclosed=disclosed,
        consent_id=consent_id,
    )


def rights_withdrawn(*, case: Case, actor: User | None, share_id: str, topic: str, language: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.RIGHTS_WITHDRAWN,
        "legal.rights_share_withdrawn",
        share_id=share_id,
        topic=topic,
        language=language,
    )
