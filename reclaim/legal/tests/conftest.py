"""Fixtures for legal tests: a case worked by the case manager, a clinician and the legal advocate, and a
T-visa matter on it (the shipped US federal set is installed by the data migration)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.legal.actions import MatterDetails, do_open_matter
from reclaim.legal.models import MatterType


@pytest.fixture
def case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.get_or_create(agency_id=case.agency_id, case=case, user=personas[worker])
    return case


@pytest.fixture
def other_case(personas, survivor_b):
    return do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)


def shipped(code: str) -> MatterType:
    return MatterType.objects.get(agency__isnull=True, jurisdiction="US", code=code)


@pytest.fixture
def t_visa(personas, case):
    """A T-visa matter opened 10 days ago by the legal advocate, who is its advocate."""
    return do_open_matter(
        actor=personas["legal_advocate"],
        case=case,
        matter_type=shipped("t_visa"),
        opened_on=timezone.localdate() - datetime.timedelta(days=10),
        details=MatterDetails(advocate=personas["legal_advocate"], summary="Employer kept her passport."),
    )
