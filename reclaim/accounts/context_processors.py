"""Navigation by role: each entry appears only for users whose capabilities allow the page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities, live_grant_agency_ids

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest

    from reclaim.accounts.models import User


def _entries(user: User, caps: Any) -> list[tuple[str, Any]]:
    """(url, label) of every page this user may open, in menu order: one table, one condition per entry."""
    in_agency = active_membership(user) is not None
    sees_cases = caps.works_cases or (user.is_platform_operator and bool(live_grant_agency_ids(user)))
    agency_settings = caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY)
    table: list[tuple[bool, str, Any]] = [
        (True, "home", _("Home")),
        (True, "tasks", _("My tasks")),
        (sees_cases, "cases:list", _("Cases")),
        (sees_cases, "people:list", _("Survivors")),
        (caps.approves_closure and caps.works_cases, "cases:caseload", _("Caseloads")),
        (caps.sees_screen_results and caps.works_cases, "assessments:due", _("Assessments due")),
        (caps.works_cases and in_agency, "scheduling:calendar_day", _("Calendar")),
        (caps.works_cases, "services:log", _("Service log")),
        (caps.edits_cases or caps.receives_referrals, "referrals:incoming", _("Referrals to us")),
        (caps.works_cases, "referrals:outgoing", _("Referrals sent")),
        (in_agency, "referrals:directory", _("Directory")),  # the partner directory: every staff member
        (caps.views_aggregates, "assessments:cohort", _("Program progress")),
        (caps.manages_staff, "accounts:setup_guide", _("Set-up guide")),
        (caps.manages_staff, "accounts:agency_profile", _("Agency profile")),
        (caps.manages_staff, "accounts:team", _("Staff")),
        (caps.manages_staff, "accounts:audit", _("Audit log")),
        (caps.manages_staff, "accounts:grants_review", _("Emergency access")),
        (caps.manages_staff, "accounts:vocabularies", _("Reference lists")),
        (caps.manages_staff, "assessments:outcome_scale", _("Outcome scale")),
        (agency_settings, "assessments:plans", _("Reassessment plans")),
        (agency_settings, "funding:list", _("Funding sources")),
        (agency_settings, "referrals:policy", _("Referral settings")),
        (user.is_platform_operator, "accounts:break_glass", _("Emergency access")),
    ]
    items = [(reverse(name), label) for shown, name, label in table if shown]
    items.extend(entry for source in _nav_sources for entry in source(user))
    items.append((reverse("accounts:tokens"), _("API tokens")))
    items.append((reverse("mfa_index"), _("Security")))
    items.append((reverse("accounts:settings"), _("Your settings")))
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "current_membership": None}
    items = _entries(user, capabilities(user))
    path = request.path
    matches = [url for url, _label in items if url == path or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)  # the most specific entry, so only one is current
    nav = [{"url": url, "label": label, "current": url == current} for url, label in items]
    return {"nav_items": nav, "current_membership": active_membership(user)}


# Entries for pages of domain apps (which accounts may not import): a domain registers a source from its
# AppConfig.ready(); a source returns (url, label) pairs for this user at a constant query cost.
_nav_sources: list[Callable[[User], list[tuple[str, Any]]]] = []


def register_nav_source(source: Callable[[User], list[tuple[str, Any]]]) -> None:
    if source not in _nav_sources:
        _nav_sources.append(source)
