"""Menu entry of the retention pages (registered in apps.ready), behind the same check as the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from reclaim.retention.access import can_manage_retention

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def retention_nav(user: User) -> list[tuple[str, Any]]:
    if can_manage_retention(user):
        return [(reverse("retention:policy"), gettext_lazy("Retention"))]
    return []
