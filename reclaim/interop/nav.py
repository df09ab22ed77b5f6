"""Menu entries of the interop pages (registered in apps.ready). Each entry sits behind its own access check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def interop_nav(user: User) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    # Legacy import (issue 11 item 2)
    # Webhooks (issue 11 item 5)
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from reclaim.interop.webhooks_access import can_manage_webhooks

    if can_manage_webhooks(user):
        entries.append((reverse("interop:webhooks"), _("Webhooks")))
    return entries
