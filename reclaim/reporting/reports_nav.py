"""Menu entry for funder reports (registered in apps.ready): shown only to those who may run reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.reporting.access import can_run_reports

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def reports_nav(user: User) -> list[tuple[str, Any]]:
    return [(reverse("reporting:reports"), gettext_lazy("Funder reports"))] if can_run_reports(user) else []
