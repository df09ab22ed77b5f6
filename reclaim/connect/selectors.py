"""Reads for the portal and for staff pages about portal access (already scoped by the caller's gate)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings

from reclaim.accounts.models import User
from reclaim.accounts.roles import CAPABILITIES
from reclaim.connect.models import AccessStatus, PortalAccount, PortalSettings
from reclaim.core.blind import text_index

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import Agency
    from reclaim.cases.models import Case

# Sign-in names are unique on the instance, so their blind index has one platform-wide scope.
PLATFORM_SCOPE = uuid.UUID(int=0)
USERNAME_PURPOSE = "portal_username"
ACTIVATION_PURPOSE = "portal_activation"


def username_index(username: str) -> str:
    return text_index(username, scope_id=PLATFORM_SCOPE, purpose=USERNAME_PURPOSE)


def activation_index(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return text_index(cleaned, scope_id=PLATFORM_SCOPE, purpose=ACTIVATION_PURPOSE)


def settings_for_agency(agency_id: Any) -> PortalSettings | None:
    return PortalSettings.objects.filter(agency_id=agency_id).first()


def settings_by_entry_code(code: str) -> PortalSettings | None:
    if not code or len(code) > 16:  # noqa: PLR2004 - the column's length
        return None
    return PortalSettings.objects.filter(entry_code=code, agency__is_active=True).select_related("agency").first()


def default_hotlines() -> list[dict[str, str]]:
    """What the portal shows before an agency is chosen (RECLAIM_PORTAL_HOTLINES, docs/portal.md)."""
    return list(getattr(settings, "RECLAIM_PORTAL_HOTLINES", []))


def account_for_session(account_id: Any) -> PortalAccount | None:
    """The signed-in survivor's account with its agency and case (one query), or None."""
    try:
        uuid.UUID(str(account_id))
    except ValueError:
        return None
    return PortalAccount.objects.select_related("agency", "case", "survivor").filter(pk=account_id).first()


def account_by_username(username: str) -> PortalAccount | None:
    index = username_index(username)
    if not index:
        return None
    return PortalAccount.objects.select_related("agency").filter(username_index=index).first()


def account_by_activation_code(code: str) -> PortalAccount | None:
    index = activation_index(code)
    if not index:
        return None
    return (
        PortalAccount.objects.select_related("agency")
        .filter(activation_index=index, status=AccessStatus.PENDING)
        .first()
    )


def open_account_for_survivor(survivor_id: Any) -> PortalAccount | None:
    return (
        PortalAccount.objects.exclude(status=AccessStatus.CLOSED)
        .select_related("case", "created_by")
        .filter(survivor_id=survivor_id)
        .first()
    )


def account_for_case(case: Case) -> PortalAccount | None:
    """The open portal account tied to this case, if any."""
    return (
        PortalAccount.objects.exclude(status=AccessStatus.CLOSED).select_related("created_by").filter(case=case).first()
    )


def username_taken(username: str) -> bool:
    index = username_index(username)
    return bool(index) and PortalAccount.objects.filter(username_index=index).exists()


def agency_settings_or_default(agency: Agency) -> PortalSettings:
    """The agency's saved settings, or unsaved defaults for a form."""
    return settings_for_agency(agency.pk) or PortalSettings(agency=agency)


def on_call_candidates(agency_id: Any) -> QuerySet[User]:
    """Staff of the agency who approve closures (supervisors, program directors): who may be on call."""
    roles = [role for role, caps in CAPABILITIES.items() if caps.approves_closure]
    return User.objects.filter(
        memberships__agency_id=agency_id, memberships__is_active=True, memberships__role__in=roles, is_active=True
    ).order_by("display_name")
