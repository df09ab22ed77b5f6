"""Menu entry of the reporting app (registered in apps.ready): "My reports and exports" for whoever may run reports and "Reporting settings" for whoever may change them,
so the menu never offers a page that would answer 403. No query: the membership is cached on the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.reporting.access import can_run_reports
from reclaim.reporting.actions import can_manage_policy

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def reporting_nav(user: User) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    if can_run_reports(user):
        entries.append((reverse("reporting:jobs"), gettext_lazy("My reports and exports")))
    if can_manage_policy(user):
        entries.append((reverse("reporting:policy"), gettext_lazy("Reporting settings")))
    return entries
