"""Menu entries of the legal app (registered in apps.ready): each page's own access rule decides, so the menu
never offers a page that would answer 403. No query: the membership is cached on the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.accounts.selectors import capabilities
from reclaim.legal.access import can_view_outcomes
from reclaim.legal.policy_actions import can_manage_policy
from reclaim.legal.rights_access import can_read_library

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def legal_nav(user: User) -> list[tuple[str, Any]]:
    """ "Legal deadlines" for case workers, "Rights information" for them and agency admins, "Legal outcomes"
    for whoever sees aggregates or approves closures, "Legal settings" for whoever keeps agency settings."""
    entries: list[tuple[bool, str, Any]] = [
        (capabilities(user).works_cases, "legal:deadlines", gettext_lazy("Legal deadlines")),
        (can_read_library(user), "legal:rights", gettext_lazy("Rights information")),
        (can_view_outcomes(user), "legal:outcomes", gettext_lazy("Legal outcomes")),
        (can_manage_policy(user), "legal:policy", gettext_lazy("Legal settings")),
    ]
    return [(reverse(name), label) for shown, name, label in entries if shown]
