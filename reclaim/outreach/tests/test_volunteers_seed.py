"""The demo volunteers: Val Volunteer's sign-in is linked to an active volunteer with tasks and hours; idempotent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.accounts.models import Membership
from reclaim.demo.seed_outreach_volunteers import seed_outreach_volunteers
from reclaim.demo.seeding import SeedReport, seed_network
from reclaim.outreach.models import Volunteer, VolunteerAssignment, VolunteerHours

pytestmark = pytest.mark.django_db


def test_demo_volunteers():
    agencies = seed_network(SeedReport())
    seed_outreach_volunteers(agencies)
    counts = (Volunteer.objects.count(), VolunteerAssignment.objects.count(), VolunteerHours.objects.count())
    seed_outreach_volunteers(agencies)
    assert (Volunteer.objects.count(), VolunteerAssignment.objects.count(), VolunteerHours.objects.count()) == counts
    agency = next(iter(agencies.values()))
    val = Membership.objects.get(agency=agency, role="volunteer").user
    record = Volunteer.objects.get(user=val)
    assert record.status == "active" and record.display_name == "Val Volunteer"
    assert Volunteer.objects.filter(agency=agency, user__isnull=True).count() >= 3
    page = login_client(val).get(reverse("outreach:volunteer_my_assignments"))
    assert page.status_code == 200
    assert len(page.context["upcoming"]) == 2 and len(page.context["past"]) == 2
