"""Timeline events of the service log: ids and codes only (type code, source kind), never notes or places."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseEvent


def service_recorded(
    *, case: Case, actor: User | None, service_id: str, service_type: str, source: str = ""
) -> CaseEvent:
    extra = {"source": source} if source else {}
    return _record(
        case, actor, EventType.SERVICE_RECORDED, "service.recorded", service_id=service_id, type=service_type, **extra
    )


def service_corrected(*, case: Case, actor: User | None, service_id: str, fields: list[str]) -> CaseEvent:
    return _record(
        case, actor, EventType.SERVICE_CORRECTED, "service.corrected", service_id=service_id, fields=",".join(fields)
    )


def service_voided(*, case: Case, actor: User | None, service_id: str) -> CaseEvent:
    return _record(case, actor, EventType.SERVICE_VOIDED, "service.voided", service_id=service_id)
