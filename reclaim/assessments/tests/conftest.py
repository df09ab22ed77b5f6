"""Fixtures for assessment tests: a case shared by the case manager, clinician and legal advocate."""

from __future__ import annotations

import pytest

from reclaim.assessments.outcome_data import DEFAULT_DOMAINS
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment


@pytest.fixture
def case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.get_or_create(agency_id=case.agency_id, case=case, user=personas[worker])
    return case


@pytest.fixture
def other_case(personas, survivor_b):
    return do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)


def all_codes() -> list[str]:
    return [code for _d, _n, subs in DEFAULT_DOMAINS for code, _w in subs]


def every(score: int) -> dict[str, int]:
    return dict.fromkeys(all_codes(), score)
