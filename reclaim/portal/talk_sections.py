"""The survivor's home: new messages from the case team (registered in PortalConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.connect import message_selectors
from reclaim.portal.home import Section

if TYPE_CHECKING:
    from reclaim.connect.models import PortalAccount


def messages_section(account: PortalAccount) -> Section | None:
    """How many of the team's messages are new to the survivor (one query); nothing when there are none."""
    unread = message_selectors.unread_count_for_survivor(account)
    if not unread:
        return None
    return Section("portal/_messages_section.html", order=20, data={"unread": unread})
