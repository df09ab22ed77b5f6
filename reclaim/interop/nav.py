"""Menu entries of the interop pages (registered in apps.ready). Each entry sits behind its own access check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.interop.imports_access import can_import
from reclaim.interop.webhooks_access import can_manage_webhooks

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def interop_nav(user: User) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    # Legacy import (issue 11 item 2)
    if can_import(user):
        entries.append((reverse("interop:imports"), gettext_lazy("Import records")))
    # Webhooks (issue 11 item 5)
    if can_manage_webhooks(user):
        entries.append((reverse("interop:webhooks"), gettext_lazy("Webhooks")))
    return entries
