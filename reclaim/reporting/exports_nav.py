"""Menu entries of the exports helper (registered in apps.ready): "De-identified export" for whoever runs
reports, "Network count" for agency admins and platform operators. No query: the membership is cached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.reporting.access import can_run_reports
from reclaim.reporting.network import can_see_network_page

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def exports_nav(user: User) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    if can_run_reports(user):
        entries.append((reverse("reporting:exports"), gettext_lazy("De-identified export")))
    if can_see_network_page(user):
        entries.append((reverse("reporting:network"), gettext_lazy("Network count")))
    return entries
