"""Menu entries of the community work (registered in apps.ready). No query: the membership is cached on the user.
Helpers append their entries to `outreach_nav`, each behind its own access check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def outreach_nav(user: User) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    # stories (issue 10 item 4)
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from reclaim.outreach.stories_access import can_read_stories

    if can_read_stories(user):
        entries.append((reverse("outreach:story_library"), gettext_lazy("Stories library")))
    return entries
