"""Menu entries of the community work (registered in apps.ready). No query: the membership is cached on the user.
Helpers append their entries to `outreach_nav`, each behind its own access check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def outreach_nav(user: User) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    # Training (issue 10 item 3): everyone's own record; courses and the staff overview for training managers.
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from reclaim.accounts.selectors import active_membership
    from reclaim.outreach.access import can_manage_training

    if active_membership(user) is not None:
        entries.append((reverse("outreach:training_mine"), gettext_lazy("My training")))
    if can_manage_training(user):
        entries.append((reverse("outreach:training_course_list"), gettext_lazy("Training courses")))
        entries.append((reverse("outreach:training_staff"), gettext_lazy("Staff training")))
    return entries
