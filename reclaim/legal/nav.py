"""Menu entries of the legal app (registered in apps.ready)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.legal.access import can_view_outcomes

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def outcomes_nav(user: User) -> list[tuple[str, Any]]:
    """ "Legal outcomes" for whoever sees aggregates or approves closures (no query: the membership is cached)."""
    return [(reverse("legal:outcomes"), gettext_lazy("Legal outcomes"))] if can_view_outcomes(user) else []
