"""Who reaches survivors' stories (issue 10 item 4).

- The case side: whoever may see the case sees its stories (the case gate: audited, 404 for not-yours); whoever
  may edit the case drafts them, records the survivor's review and withdraws them (403 for read-only readers).
- The library: outreach coordinators and agency admins (who run campaigns) and program directors read approved
  stories; only those who run campaigns put them in a campaign. Data analysts see aggregates only, and a story is
  one person's words, so they get 403; so does everyone else of the agency. Another agency's story is 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from reclaim.accounts.access import audited_gate
from reclaim.accounts.selectors import capabilities
from reclaim.cases.access import access_case_by_id
from reclaim.outreach.access import can_read_outreach, can_run_outreach
from reclaim.outreach.stories_selectors import library_stories, story_for_case

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.outreach.models import Story


def can_read_stories(user: User) -> bool:
    if can_run_outreach(user):
        return True
    return can_read_outreach(user) and capabilities(user).approves_closure


def can_use_stories(user: User) -> bool:
    return can_run_outreach(user)


def access_case_story(user: User, case_id: Any, story_id: Any, *, for_write: bool = False) -> tuple[Case, Story]:
    """A story through its case's gate (audited read of the case); 404 when it is not this case's."""
    case = access_case_by_id(user, case_id, for_write=for_write)
    story = story_for_case(case, story_id)
    if story is None:
        raise Http404
    return case, story


def access_library_story(user: User, story_id: Any, *, for_write: bool = False) -> Story:
    """A story of the library (approved, live consent, the user's agency): 404 otherwise, an audit row per read.
    The caller checked can_read_stories (or can_use_stories for a write)."""
    return audited_gate(
        user,
        library_stories(user),
        story_id,
        object_type="story",
        read_action="story.read",
        for_write=for_write,
        can_write=lambda _story: can_use_stories(user),
    )
