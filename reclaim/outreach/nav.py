"""Menu entries of the community work (registered in apps.ready). No query: the membership is cached on the user.
Each entry sits behind its own access check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.accounts.selectors import active_membership
from reclaim.outreach.access import can_manage_training, can_manage_volunteers, can_read_outreach
from reclaim.outreach.stories_access import can_read_stories
from reclaim.outreach.volunteers_access import takes_assignments

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def outreach_nav(user: User) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    if can_read_outreach(user):
        entries.append((reverse("outreach:campaign_list"), gettext_lazy("Campaigns")))
        entries.append((reverse("outreach:event_list"), gettext_lazy("Events")))
    if can_read_stories(user):
        entries.append((reverse("outreach:story_library"), gettext_lazy("Stories library")))
    # Volunteers (issue 10 item 5): coordinators manage them; a volunteer sees their own assignments.
    if can_manage_volunteers(user):
        entries.append((reverse("outreach:volunteer_list"), gettext_lazy("Volunteers")))
    if takes_assignments(user):
        entries.append((reverse("outreach:volunteer_my_assignments"), gettext_lazy("My assignments")))
    # Training (issue 10 item 3): everyone's own record; courses and the staff overview for training managers.
    if active_membership(user) is not None:
        entries.append((reverse("outreach:training_mine"), gettext_lazy("My training")))
    if can_manage_training(user):
        entries.append((reverse("outreach:training_course_list"), gettext_lazy("Training courses")))
        entries.append((reverse("outreach:training_staff"), gettext_lazy("Staff training")))
    return entries
