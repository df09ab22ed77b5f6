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


# --- The survivor's own page (issue 9 item 4): shares, questionnaires done, consents taken back ---

if TYPE_CHECKING:
    from reclaim.connect.models import PortalShare


def document_shared(*, share: PortalShare, actor: User | None, change: str) -> CaseEvent:
    """`change` is "shared" or "withdrawn"."""
    return _record(
        share.account.case,
        actor,
        EventType.PORTAL_SHARED,
        f"portal.share_{change}",
        account_id=str(share.account_id),
        share_id=str(share.pk),
        document_id=str(share.document_id),
        change=change,
    )


def assessment_done(*, account: PortalAccount, assessment_id: str, instrument: str) -> CaseEvent:
    return _record(
        account.case,
        None,
        EventType.PORTAL_ASSESSMENT_DONE,
        "portal.assessment_done",
        account_id=str(account.pk),
        assessment_id=assessment_id,
        instrument=instrument,
    )


def consent_taken_back(*, account: PortalAccount, consent_id: str, purpose: str) -> CaseEvent:
    return _record(
        account.case,
        None,
        EventType.PORTAL_CONSENT_REVOKED,
        "portal.consent_revoked",
        account_id=str(account.pk),
        consent_id=consent_id,
        purpose=purpose,
    )
