"""Portal sessions: who is signed in, for how long, and which agency's portal a visitor is looking at.

Survivors are not staff Users. Their session holds the account id and the account's session generation:
"sign out everywhere", suspension and a new activation code raise the generation, which ends every older
session on its next request. A session idle for longer than the agency's `idle_minutes` ends too.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from reclaim.connect import selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from reclaim.connect.models import PortalAccount, PortalSettings

ACCOUNT_KEY = "_portal_account"
GENERATION_KEY = "_portal_generation"
LAST_SEEN_KEY = "_portal_last_seen"
AGENCY_KEY = "_portal_agency"
IDLE_NOTICE_KEY = "_portal_idle_notice"
DEFAULT_IDLE_SECONDS = 600
_CACHE_ATTR = "_portal_account_cache"


def sign_in(request: HttpRequest, account: PortalAccount) -> None:
    """A fresh session key (no fixation) holding only the portal sign-in."""
    request.session.flush()
    request.session.cycle_key()
    request.session[ACCOUNT_KEY] = str(account.pk)
    request.session[GENERATION_KEY] = account.session_generation
    request.session[LAST_SEEN_KEY] = time.time()
    request.session[AGENCY_KEY] = str(account.agency_id)
    setattr(request, _CACHE_ATTR, account)


def sign_out(request: HttpRequest) -> None:
    request.session.flush()
    setattr(request, _CACHE_ATTR, None)


def has_portal_session(request: HttpRequest) -> bool:
    return ACCOUNT_KEY in request.session


def current_account(request: HttpRequest) -> PortalAccount | None:
    """The signed-in survivor's active account, or None (and the session ended when it is stale)."""
    if hasattr(request, _CACHE_ATTR):
        cached: PortalAccount | None = getattr(request, _CACHE_ATTR)
        return cached
    account = None
    account_id = request.session.get(ACCOUNT_KEY)
    if account_id:
        account = selectors.account_for_session(account_id)
        settings_row = selectors.settings_for_agency(account.agency_id) if account else None
        idle_seconds = settings_row.idle_minutes * 60 if settings_row else DEFAULT_IDLE_SECONDS
        last_seen = float(request.session.get(LAST_SEEN_KEY) or 0)
        now = time.time()
        stale = (
            account is None
            or not account.is_active
            or request.session.get(GENERATION_KEY) != account.session_generation
        )
        if stale or now - last_seen > idle_seconds:
            request.session.flush()
            if not stale:
                request.session[IDLE_NOTICE_KEY] = True
            account = None
        else:
            request.session[LAST_SEEN_KEY] = now
            account.portal_settings = settings_row  # type: ignore[union-attr]
    setattr(request, _CACHE_ATTR, account)
    return account


def choose_agency(request: HttpRequest, settings_row: PortalSettings) -> None:
    request.session[AGENCY_KEY] = str(settings_row.agency_id)


def visitor_settings(request: HttpRequest) -> PortalSettings | None:
    """The portal settings of the signed-in survivor's agency, else of the agency whose link was opened."""
    account = current_account(request)
    if account is not None:
        return getattr(account, "portal_settings", None)
    agency_id = request.session.get(AGENCY_KEY)
    return selectors.settings_for_agency(agency_id) if agency_id else None
