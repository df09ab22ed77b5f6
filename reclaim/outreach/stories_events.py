"""Timeline events of survivors' stories on their case: ids and codes only, never a title, a text or a name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseEvent


def story_drafted(*, case: Case, actor: User | None, story_id: str, consent_id: str, attribution: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.STORY_DRAFTED,
        "story.drafted",
        story_id=story_id,
        consent_id=consent_id,
        attribution=attribution,
    )


def story_reviewed(*, case: Case, actor: User | None, story_id: str, outcome: str, how: str) -> CaseEvent:
    return _record(case, actor, EventType.STORY_REVIEWED, "story.reviewed", story_id=story_id, outcome=outcome, how=how)


def story_withdrawn(*, case: Case, actor: User | None, story_id: str, reason: str, uses_ended: int) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.STORY_WITHDRAWN,
        "story.withdrawn",
        story_id=story_id,
        reason=reason,
        uses_ended=uses_ended,
    )
