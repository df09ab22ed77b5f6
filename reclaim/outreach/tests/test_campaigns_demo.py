"""The demo campaigns: three per agency with a results log and partners, a few cases attributed, made once."""

from __future__ import annotations

import pytest

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case
from reclaim.demo.seed_outreach_campaigns import seed_outreach_campaigns
from reclaim.funding.actions import GrantValues, do_create_grant
from reclaim.outreach.models import Campaign, CampaignPartner, CampaignTally

pytestmark = pytest.mark.django_db


def test_demo_campaigns_are_made_once(personas, agency, survivor_a):
    do_create_grant(actor=personas["agency_admin"], agency=agency, values=GrantValues(name="G"), known_categories=[])
    for _ in range(4):
        do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    assert seed_outreach_campaigns({"a": agency}) == 3
    assert seed_outreach_campaigns({"a": agency}) == 0
    assert Campaign.objects.filter(agency=agency, grant__name="G").count() == 3
    assert CampaignTally.objects.count() == 24  # the planned campaign has not started
    assert CampaignPartner.objects.count() == 3  # the police partner (no directory in this test)
    assert Case.objects.filter(campaign__isnull=False).count() == 4  # all the cases there were
