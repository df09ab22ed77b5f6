"""Timeline events of referrals: ids and codes only (status, side, reason and outcome codes, data class
codes), never the reason, the note or anything of the packet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseEvent


def referral_created(*, case: Case, actor: User | None, referral_id: str, recipient: str) -> CaseEvent:
    return _record(
        case, actor, EventType.REFERRAL_CREATED, "referral.created", referral_id=referral_id, recipient=recipient
    )


def referral_status_changed(
    *, case: Case, actor: User | None, referral_id: str, old: str, new: str, side: str, **codes: Any
) -> CaseEvent:
    extra = {name: value for name, value in codes.items() if value}
    return _record(
        case,
        actor,
        EventType.REFERRAL_CHANGED,
        "referral.status_changed",
        referral_id=referral_id,
        old=old,
        new=new,
        side=side,
        **extra,
    )


def referral_consent_overridden(*, case: Case, actor: User, referral_id: str, classes: list[str]) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.REFERRAL_CHANGED,
        "referral.consent_overridden",
        referral_id=referral_id,
        consent_override=classes,
    )


def referral_escalated(*, case: Case, referral_id: str, acknowledge_by: str) -> CaseEvent:
    return _record(
        case,
        None,
        EventType.REFERRAL_ESCALATED,
        "referral.escalated",
        referral_id=referral_id,
        acknowledge_by=acknowledge_by,
    )


def referral_packet_hidden(*, case: Case, referral_id: str) -> CaseEvent:
    return _record(case, None, EventType.REFERRAL_PACKET_HIDDEN, "referral.packet_hidden", referral_id=referral_id)


def referral_linked_case(*, case: Case, actor: User | None, referral_id: str) -> CaseEvent:
    """On the receiving agency's new case: it was opened from a referral (no sender data in the event)."""
    return _record(
        case, actor, EventType.REFERRAL_CHANGED, "referral.case_opened", referral_id=referral_id, new="accepted"
    )
