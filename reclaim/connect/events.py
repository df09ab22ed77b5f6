"""Timeline rows for portal access (ids and codes only; the survivor acts as nobody: actor None)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


# --- Check-ins and messages (codes and ids only: never the note or the message text) --------------


def check_in(*, check_in: Any) -> CaseEvent:
    return _record(
        check_in.case,
        None,
        EventType.PORTAL_CHECK_IN,
        "portal.check_in",
        account_id=str(check_in.account_id),
        check_in_id=str(check_in.pk),
        feeling=check_in.feeling,
        safety=check_in.safety,
        urgent=check_in.urgent,
    )


def check_in_acknowledged(*, check_in: Any, actor: User) -> CaseEvent:
    return _record(
        check_in.case,
        actor,
        EventType.PORTAL_CHECK_IN_ACKNOWLEDGED,
        "portal.check_in_acknowledged",
        check_in_id=str(check_in.pk),
    )


def check_in_missed(*, schedule: Any, due_on: str) -> CaseEvent:
    return _record(
        schedule.case,
        None,
        EventType.PORTAL_CHECK_IN_MISSED,
        "portal.check_in_missed",
        account_id=str(schedule.account_id),
        due_on=due_on,
        every_days=schedule.every_days,
    )


def message(*, message: Any, thread: Any, actor: User | None, change: str = "sent") -> CaseEvent:
    """A message sent (by the survivor: actor None) or deleted by the survivor."""
    params: dict[str, Any] = {"thread_id": str(thread.pk), "message_id": str(message.pk), "change": change}
    if actor is None:
        params["account_id"] = str(thread.account_id)
    return _record(thread.case, actor, EventType.PORTAL_MESSAGE, f"portal.message_{change}", **params)


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
