"""Demo events: a few per agency, with or without campaigns, some feedback and follow-ups; a second run adds nothing."""

from __future__ import annotations

import pytest

from reclaim.demo.seed_outreach_events import EVENTS, seed_outreach_events
from reclaim.outreach.events_selectors import survey_results
from reclaim.outreach.models import Campaign, EventFollowUp, OutreachEvent

pytestmark = pytest.mark.django_db


def test_seeds_events_without_campaigns_then_adds_nothing(personas, agency):
    assert seed_outreach_events({"a": agency}) == len(EVENTS)
    events = list(OutreachEvent.objects.filter(agency=agency))
    assert len(events) == len(EVENTS)
    assert all(event.campaign is None for event in events)
    workshop = OutreachEvent.objects.get(title=EVENTS[0][0])
    results = survey_results(workshop)
    assert (results.pre_count, results.post_count) == EVENTS[0][-1]
    assert EventFollowUp.objects.filter(owner=personas["outreach_coordinator"], done_at__isnull=True).count() == 2
    assert OutreachEvent.objects.filter(survey_open=True).exclude(survey_token=None).count() == 1
    assert seed_outreach_events({"a": agency}) == 0
    assert OutreachEvent.objects.count() == len(EVENTS)


def test_attaches_events_to_the_agencys_campaigns(personas, agency):
    campaign = Campaign.objects.create(agency=agency, name="Safe jobs")
    seed_outreach_events({"a": agency})
    assert set(OutreachEvent.objects.values_list("campaign", flat=True)) == {campaign.pk}
