"""Demo services: about five per survivor (issue 12's reference proportions), idempotent, linked to goals when there are any, with events."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reclaim.cases.models import CaseEvent, EventType
from reclaim.funding.models import Grant
from reclaim.people.models import Survivor
from reclaim.services.models import ServiceRecord


@pytest.mark.django_db
def test_seed_demo_adds_services_once():
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    counts = (
        ServiceRecord.objects.count(),
        Grant.objects.count(),
        CaseEvent.objects.filter(type=EventType.SERVICE_RECORDED).count(),
    )
    # entered by staff; group attendance (seed_groups) adds more, a fixed number per agency
    manual = ServiceRecord.objects.filter(source_kind="").count()
    per_survivor = manual / Survivor.objects.count()
    assert 2 <= per_survivor <= 8  # about half a million for 100,000 survivors
    assert counts[0] == counts[2]
    assert Grant.objects.values("agency").distinct().count() >= 3
    assert ServiceRecord.objects.filter(grant__isnull=False).exists()
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert counts == (
        ServiceRecord.objects.count(),
        Grant.objects.count(),
        CaseEvent.objects.filter(type=EventType.SERVICE_RECORDED).count(),
    )
