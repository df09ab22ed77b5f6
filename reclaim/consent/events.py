"""Timeline events of consent: ids and codes only (purpose, recipient kind), never names or signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseEvent


def consent_recorded(
    *, case: Case, actor: User | None, consent_id: str, purpose: str, recipient_kind: str
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.CONSENT_RECORDED,
        "consent.recorded",
        consent_id=consent_id,
        purpose=purpose,
        recipient_kind=recipient_kind,
    )


def consent_revoked(*, case: Case, actor: User | None, consent_id: str, purpose: str) -> CaseEvent:
    return _record(case, actor, EventType.CONSENT_REVOKED, "consent.revoked", consent_id=consent_id, purpose=purpose)
