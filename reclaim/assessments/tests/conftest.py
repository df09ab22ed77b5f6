from __future__ import annotations

import pytest

from reclaim.assessments.outcome_data import DEFAULT_DOMAINS
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment


@pytest.fixture
def case(personas, survivor_a):
    """Agency A's case, assigned to the case manager, clinician and legal advocate; team Intake."""
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency_id=case.agency_id, case=case, user=personas[worker])
    return case


def all_codes() -> list[str]:
    return [code for _d, _n, subs in DEFAULT_DOMAINS for code, _w in subs]


def every(score: int) -> dict[str, int]:
    return dict.fromkeys(all_codes(), score)
