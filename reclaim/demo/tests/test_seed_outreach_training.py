from __future__ import annotations

import pytest
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.demo.seed_outreach_training import seed_outreach_training
from reclaim.demo.seeding import SeedReport, seed_network
from reclaim.outreach.models import Course, TrainingCertificate, TrainingParticipant, TrainingPolicy
from reclaim.outreach.training_gate import case_data_blocked
from reclaim.outreach.training_selectors import Standing, staff_training_overview


@pytest.mark.django_db
def test_demo_training_per_agency_with_the_block_left_off():
    # given the demo agencies and their staff
    agencies = seed_network(SeedReport())
    # when the training is seeded twice
    seed_outreach_training(agencies)
    counts = (Course.objects.count(), TrainingParticipant.objects.count(), TrainingCertificate.objects.count())
    seed_outreach_training(agencies)
    # then every agency has the four courses, sessions with people, certificates; a second run adds nothing
    assert counts == (Course.objects.count(), TrainingParticipant.objects.count(), TrainingCertificate.objects.count())
    for agency in agencies.values():
        topics = set(Course.objects.filter(agency=agency).values_list("topic", flat=True))
        assert {"trauma_informed_care", "identification", "confidentiality", "platform"} <= topics
        assert TrainingParticipant.objects.filter(agency=agency, kind="partner").exists()
        records = {r.role: r for r in staff_training_overview(agency.pk, timezone.localdate())}
        tic = {row.course.topic: row.standing for row in records[Role.CASE_MANAGER].required}
        assert tic["trauma_informed_care"] == Standing.CURRENT
        clinician = {row.course.topic: row.standing for row in records[Role.CLINICIAN].required}
        assert clinician["trauma_informed_care"] == Standing.EXPIRING
    # the block setting stays off: every demo case worker sees their cases
    assert not TrainingPolicy.objects.filter(block_case_data=True).exists()
    cm = Membership.objects.filter(role=Role.CASE_MANAGER).first().user
    assert case_data_blocked(cm) is False
