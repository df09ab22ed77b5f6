"""Demo awareness campaigns (issue 10): three per demo agency (one finished, one running, one planned), paid by
the agency's demo grants where there are some, with a partner from the directory and a police partner, a results
log of about a dozen entries each, and a few demo cases naming the campaign that led to their identification
(enough on the finished one for the count to be shown; a handful on the running one, which the dashboard shows as
"fewer than k").

Idempotent (an agency's campaigns are made once, by name) and fast: bulk writes, tens of rows, one update per
campaign for the attributions. Dates are relative to today.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from reclaim.cases.models import Case
from reclaim.funding.models import Grant
from reclaim.outreach.models import Campaign, CampaignPartner, CampaignStatus, CampaignTally, Channel
from reclaim.referrals.models import Organization

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

# name, goal, status, audiences, channels, start (days from today), length in days, budget, attributed cases
_CAMPAIGNS: list[tuple[str, str, str, list[str], list[str], int, int, int, int]] = [
    (
        "Know the signs at work",
        "Employers and recruiters recognise forced labour and know whom to call.",
        CampaignStatus.FINISHED,
        ["employers", "migrant_workers"],
        ["workshops", "print", "hotline_promotion"],
        -300,
        150,
        4000,
        12,
    ),
    (
        "Safe in school",
        "Students and teachers know the signs of grooming and online recruitment.",
        CampaignStatus.RUNNING,
        ["schools", "youth"],
        ["social_media", "community_events", "print"],
        -90,
        180,
        2500,
        3,
    ),
    (
        "Clinic outreach",
        "Health workers screen for trafficking indicators and refer safely.",
        CampaignStatus.PLANNED,
        ["health_workers"],
        ["workshops", "psa"],
        30,
        120,
        1800,
        0,
    ),
]


def _tallies(rng: random.Random, agency: Agency, campaign: Campaign, today: Any) -> list[CampaignTally]:
    if campaign.starts_on is None or campaign.starts_on > today:
        return []
    last = min(campaign.ends_on or today, today)
    span = max((last - campaign.starts_on).days, 1)
    rows = []
    for _ in range(12):
        channel = rng.choice(campaign.channels or [Channel.OTHER])
        online = channel in {Channel.SOCIAL_MEDIA, Channel.PSA}
        rows.append(
            CampaignTally(
                agency=agency,
                campaign=campaign,
                on=campaign.starts_on + timedelta(days=rng.randrange(span)),
                channel=channel,
                reached_in_person=0 if online else rng.randint(10, 80),
                reached_online=rng.randint(300, 4000) if online else 0,
                materials_distributed=rng.randint(20, 200) if channel == Channel.PRINT else rng.randint(0, 20),
                hotline_contacts=rng.randint(0, 4),
                cost=Decimal(rng.randint(20, 250)),
            )
        )
    return rows


@transaction.atomic
def seed_outreach_campaigns(agencies: dict[str, Agency], *, seed: int = 1) -> int:
    """Create the demo campaigns of each agency that has none of them yet; returns how many were made."""
    rng = random.Random(seed * 1009 + 10)
    today = timezone.localdate()
    police = ("Metro Police anti-trafficking unit", "police")
    organization = Organization.objects.filter(is_active=True).order_by("name").first()
    made = 0
    for agency in agencies.values():
        existing = set(Campaign.objects.filter(agency=agency).values_list("name", flat=True))
        grants = list(Grant.objects.filter(agency=agency, is_active=True).order_by("name"))
        new = [spec for spec in _CAMPAIGNS if spec[0] not in existing]
        if not new:
            continue
        campaigns = Campaign.objects.bulk_create(
            [
                Campaign(
                    agency=agency,
                    name=name,
                    goal=goal,
                    status=status,
                    audiences=audiences,
                    channels=channels,
                    starts_on=today + timedelta(days=start),
                    ends_on=today + timedelta(days=start + length),
                    budget=Decimal(budget),
                    grant=grants[i % len(grants)] if grants else None,
                )
                for i, (name, goal, status, audiences, channels, start, length, budget, _n) in enumerate(new)
            ]
        )
        partners = [CampaignPartner(agency=agency, campaign=c, name=police[0], kind=police[1]) for c in campaigns]
        if organization is not None:
            partners += [CampaignPartner(agency=agency, campaign=c, organization=organization) for c in campaigns]
        CampaignPartner.objects.bulk_create(partners)
        CampaignTally.objects.bulk_create([t for c in campaigns for t in _tallies(rng, agency, c, today)])
        free = list(
            Case.objects.filter(agency=agency, campaign__isnull=True).order_by("number").values_list("pk", flat=True)
        )
        rng.shuffle(free)
        for campaign, spec in zip(campaigns, new, strict=True):
            wanted, free = free[: spec[8]], free[spec[8] :]
            if wanted:
                Case.objects.filter(pk__in=wanted).update(campaign=campaign)
        made += len(campaigns)
    return made
