"""Demo survivor portal (issue 9): portal settings for every demo agency (a fixed entry code each, the national
hotline first) and one activated portal account at Harbor House, on the first open case of its case manager, so
the portal can be tried with published demo credentials. Idempotent: settings and the account are made once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.cases.models import Case
from reclaim.connect.actions import do_activate, do_create_portal_access
from reclaim.connect.models import PortalAccount, PortalSettings
from reclaim.demo import data

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

PORTAL_AGENCY = "harbor"
PORTAL_USERNAME = "demo survivor"
# Entry codes are random in real use; the demo's are fixed so the README can print the links.
ENTRY_CODES = {"harbor": "hh7demo", "northside": "ns7demo", "safepassage": "sp7demo"}
DEMO_HOTLINES = [
    {"label": "Emergency", "number": "911", "text": "", "country": "US", "note": ""},
    {
        "label": "National Human Trafficking Hotline",
        "number": "1-888-373-7888",
        "text": "233733",
        "country": "US",
        "note": "24 hours, every day. Confidential. Many languages.",
    },
]


@transaction.atomic
def seed_portal(agencies: dict[str, Agency]) -> int:
    """Returns the number of portal accounts made (0 or 1)."""
    for slug, agency in agencies.items():
        if not PortalSettings.objects.filter(agency=agency).exists():
            PortalSettings.objects.create(
                agency=agency,
                entry_code=ENTRY_CODES.get(slug, f"{slug[:6]}7demo"),
                disguise_name="Daily tips" if slug == PORTAL_AGENCY else "",
                hotlines=DEMO_HOTLINES,
            )
    portal_agency = agencies.get(PORTAL_AGENCY)
    if portal_agency is None or PortalAccount.objects.filter(agency=portal_agency).exists():
        return 0
    worker = (
        Membership.objects.filter(
            agency=portal_agency, role=Role.CASE_MANAGER, user__email=data.staff_email("casemanager", PORTAL_AGENCY)
        )
        .select_related("user")
        .first()
    )
    if worker is None:
        return 0
    case = (
        Case.objects.filter(agency=portal_agency, lead_worker=worker.user)
        .exclude(status="closed")
        .select_related("agency", "survivor")
        .order_by("number")
        .first()
    )
    if case is None:
        return 0
    _account, code = do_create_portal_access(actor=worker.user, case=case)
    do_activate(code=code, username=PORTAL_USERNAME, passphrase=data.DEMO_PASSWORD)
    return 1
