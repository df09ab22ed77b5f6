"""Navigation by role: each entry appears only for users whose capabilities allow the page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities, live_grant_agency_ids

if TYPE_CHECKING:
    from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "current_membership": None}
    caps = capabilities(user)
    items: list[tuple[str, Any]] = [(reverse("home"), _("Home")), (reverse("tasks"), _("My tasks"))]
    if caps.works_cases or (user.is_platform_operator and live_grant_agency_ids(user)):
        items.append((reverse("cases:list"), _("Cases")))
        items.append((reverse("people:list"), _("Survivors")))
    if caps.approves_closure and caps.works_cases:
        items.append((reverse("cases:caseload"), _("Caseloads")))
    if caps.sees_screen_results and caps.works_cases:
        items.append((reverse("assessments:due"), _("Assessments due")))
    if caps.views_aggregates:
        items.append((reverse("assessments:cohort"), _("Program progress")))
    if caps.manages_staff:
        items.append((reverse("accounts:team"), _("Staff")))
        items.append((reverse("accounts:audit"), _("Audit log")))
        items.append((reverse("accounts:grants_review"), _("Emergency access")))
        items.append((reverse("accounts:vocabularies"), _("Reference lists")))
        items.append((reverse("assessments:outcome_scale"), _("Outcome scale")))
    if caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY):
        items.append((reverse("assessments:plans"), _("Reassessment plans")))
    # Closed-loop referrals
    if caps.edits_cases or caps.receives_referrals:
        items.append((reverse("referrals:incoming"), _("Referrals to us")))
    if caps.works_cases:
        items.append((reverse("referrals:outgoing"), _("Referrals sent")))
    if caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY):
        items.append((reverse("referrals:policy"), _("Referral settings")))
    if user.is_platform_operator:
        items.append((reverse("accounts:break_glass"), _("Emergency access")))
    items.append((reverse("accounts:tokens"), _("API tokens")))
    items.append((reverse("mfa_index"), _("Security")))
    path = request.path
    matches = [url for url, _label in items if url == path or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)  # the most specific entry, so only one is current
    nav = [{"url": url, "label": label, "current": url == current} for url, label in items]
    return {"nav_items": nav, "current_membership": active_membership(user)}
