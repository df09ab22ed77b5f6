"""Menu entry of portal access (registered in apps.ready): "Portal settings" for whoever keeps them. No query:
the membership is cached on the user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.connect.access import can_manage_portal_settings

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def portal_nav(user: User) -> list[tuple[str, Any]]:
    if not can_manage_portal_settings(user):
        return []
    return [(reverse("connect:settings"), gettext_lazy("Portal settings"))]
