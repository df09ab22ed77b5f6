"""The home-page panel of open assessment alerts (registered in apps.py; see reclaim/cases/panels.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.accounts.selectors import capabilities
from reclaim.assessments.schedule_selectors import overdue_reminders
from reclaim.assessments.selectors import open_alerts_for_dashboard, sees_results
from reclaim.cases.panels import Deferred, Panel
from reclaim.core.queries import Counted

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def alerts_panel(user: User) -> Panel | None:
    """For the assigned case manager(s) and clinician(s) of a case: its open alerts. One query."""
    if not sees_results(user):
        return None
    return Panel("assessments/alerts_panel.html", {"alerts": open_alerts_for_dashboard(user)})


def overdue_panel(user: User) -> Panel | None:
    """The number of overdue reassessments on the user's open cases, with a link to the due list (read with the
    other panels' numbers)."""
    if not sees_results(user) or not capabilities(user).works_cases:
        return None
    return Panel("assessments/due_panel.html", {"overdue": Deferred((Counted(overdue_reminders(user)),))})
