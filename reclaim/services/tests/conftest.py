from __future__ import annotations

import pytest
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.services.actions import ServiceEntry, do_record_service


@pytest.fixture
def case(personas, survivor_a):
    """A case of agency A assigned to the case manager, the clinician and the legal advocate."""
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency=case.agency, case=case, user=personas[worker])
    return case


@pytest.fixture
def record(personas, case):
    return do_record_service(
        actor=personas["case_manager"],
        case=case,
        entry=ServiceEntry("education.esl", timezone.localdate(), duration_minutes=60, notes="Reads well now."),
    )
