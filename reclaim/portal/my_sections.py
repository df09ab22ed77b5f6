"""The signed-in home's own sections (issue 9 item 4): next meetings, goals, questionnaires waiting, shared
documents, consents. Each provider shows only this survivor's things, costs a constant number of queries,
and shows nothing (None) when it has nothing to say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from reclaim.connect import home_selectors
from reclaim.portal.home import Section, register_home_section
from reclaim.portal.plain_consent import plain

if TYPE_CHECKING:
    from reclaim.connect.models import PortalAccount

HOME_MEETINGS = 3
HOME_GOALS = 3
HOME_DOCUMENTS = 3


def meetings_section(account: PortalAccount) -> Section | None:
    meetings = home_selectors.upcoming_meetings(account, limit=HOME_MEETINGS)
    if not meetings:
        return None
    return Section("portal/sections/meetings.html", order=10, data={"meetings": meetings})


def questionnaires_section(account: PortalAccount) -> Section | None:
    waiting = list(home_selectors.waiting_assessments(account))
    if not waiting:
        return None
    return Section("portal/sections/questionnaires.html", order=15, data={"questionnaires": waiting})


def goals_section(account: PortalAccount) -> Section | None:
    goals = home_selectors.goals_for_account(account)
    if not goals.goals:
        return None
    return Section("portal/sections/goals.html", order=20, data={"goals": goals.goals[:HOME_GOALS]})


def documents_section(account: PortalAccount) -> Section | None:
    shares = list(home_selectors.live_shares(account)[:HOME_DOCUMENTS])
    if not shares:
        return None
    return Section("portal/sections/documents.html", order=30, data={"shares": shares})


def consents_section(account: PortalAccount) -> Section | None:
    today = timezone.localdate()
    consents = [plain(row, today) for row in home_selectors.consents_for_account(account)]
    in_force = [c for c in consents if c.status == "live"]
    if not consents:
        return None
    return Section(
        "portal/sections/consents.html",
        order=40,
        data={"in_force": len(in_force), "can_take_back": sum(1 for c in in_force if c.can_take_back)},
    )


PROVIDERS = (meetings_section, questionnaires_section, goals_section, documents_section, consents_section)


def register() -> None:
    """Called from PortalConfig.ready()."""
    for provider in PROVIDERS:
        register_home_section(provider)
