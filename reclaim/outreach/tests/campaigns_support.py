"""Helpers of the campaign tests: a campaign made through the actions, a few cases attributed to it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case
from reclaim.outreach.campaigns_actions import CampaignValues, TallyValues, do_create_campaign, do_record_tally
from reclaim.reporting.models import ReportingPolicy

PDF = b"%PDF-1.4\n% campaign poster\n"


def make_campaign(personas: dict[str, Any], name: str = "Safe jobs", **values: Any) -> Any:
    coordinator = personas["outreach_coordinator"]
    agency = coordinator.memberships.get().agency
    defaults: dict[str, Any] = {
        "status": "running",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 6, 30),
        "budget": Decimal(1000),
        "channels": ["social_media", "print"],
        "audiences": ["employers"],
    }
    return do_create_campaign(actor=coordinator, agency=agency, values=CampaignValues(name=name, **defaults | values))


def tally(personas: dict[str, Any], campaign: Any, **values: Any) -> Any:
    base: dict[str, Any] = {"on": date(2026, 2, 3), "channel": "social_media"}
    return do_record_tally(
        actor=personas["outreach_coordinator"], campaign=campaign, values=TallyValues(**base | values)
    )


def attribute_cases(personas: dict[str, Any], survivor: Any, campaign: Any, n: int) -> None:
    """Open n cases on the survivor and name the campaign on them (as the identification form would)."""
    ids = [do_open_case(actor=personas["case_manager"], survivor=survivor).pk for _ in range(n)]
    Case.objects.filter(pk__in=ids).update(campaign=campaign)


def set_k(agency: Any, k: int) -> None:
    ReportingPolicy.objects.update_or_create(agency=agency, defaults={"k": k})
