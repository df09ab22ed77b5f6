"""Timeline rows for portal access (ids and codes only; the survivor acts as nobody: actor None)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import CaseEvent, EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.connect.models import PortalAccount

_ACCESS_EVENTS = {
    "created": (EventType.PORTAL_ACCESS_CREATED, "portal.access_created"),
    "activated": (EventType.PORTAL_ACCESS_ACTIVATED, "portal.access_activated"),
    "suspended": (EventType.PORTAL_ACCESS_SUSPENDED, "portal.access_suspended"),
    "resumed": (EventType.PORTAL_ACCESS_RESUMED, "portal.access_resumed"),
    "closed": (EventType.PORTAL_ACCESS_CLOSED, "portal.access_closed"),
}


def access_changed(*, account: PortalAccount, actor: User | None, change: str) -> CaseEvent:
    event_type, audit_action = _ACCESS_EVENTS[change]
    return _record(account.case, actor, event_type, audit_action, account_id=str(account.pk))
