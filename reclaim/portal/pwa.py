"""The portal as an installable web app: its icon and manifest. Nothing personal goes in either: the name is
the agency's disguise name (or "Resources") and the icon one of the neutral pictures in static/portal/icons/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from reclaim.connect.models import DisguiseIcon

if TYPE_CHECKING:
    from reclaim.connect.models import PortalSettings


def portal_icon(settings_row: PortalSettings | None) -> str:
    """The static path of the portal's icon for this agency (the leaf when none is chosen)."""
    icon = settings_row.disguise_icon if settings_row is not None else DisguiseIcon.LEAF
    if icon not in DisguiseIcon.values:
        icon = DisguiseIcon.LEAF
    return f"portal/icons/{icon}.svg"


def manifest(settings_row: PortalSettings | None, language: str) -> dict[str, Any]:
    name = (settings_row.disguise_name if settings_row is not None else "") or _("Resources")
    start = reverse("portal:help_now")
    return {
        "id": start,
        "name": name,
        "short_name": name,
        "lang": language,
        "start_url": start,
        "scope": start,
        "display": "standalone",
        "background_color": "#fbfaf7",
        "theme_color": "#fbfaf7",
        "icons": [
            {"src": static(portal_icon(settings_row)), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
        ],
    }
