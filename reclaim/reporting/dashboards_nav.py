"""Menu entry of the dashboards (registered in apps.ready): one "Dashboard" pointing to the board for the
user's role (program for aggregate readers, team for supervisors, my caseload for casework roles), none for
roles without a board, so the menu never offers a page that would answer 403. No query: the membership is
cached on the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.reporting.dashboards import home_board

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def dashboards_nav(user: User) -> list[tuple[str, Any]]:
    board = home_board(user)
    if board is None:
        return []
    return [(reverse(f"reporting:dashboard_{board}"), gettext_lazy("Dashboard"))]
