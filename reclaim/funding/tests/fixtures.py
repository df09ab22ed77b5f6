"""A hand-computed funding fixture (numbers worked out on paper in the tests that use it).

Grant G1 (2026-01-01 – 2026-06-30, award 10,000.00, any service): budget lines personnel 6,000 and direct
assistance 5,000 (11,000: more than the award). Staff time 10 h × 25.00 = 250.00 (Jan 15, personnel) and
4.5 h × 40.00 = 180.00 (Feb 10, no line); direct costs 300.00 (Feb 20, direct assistance, shared) and 120.00
(Mar 5, psychological support, no line); in kind 250.00 (Feb 1). Spent 850.00.

Services on G1: S1 CBT Jan 10, Feb 10, Mar 10; S2 CBT Feb 15; S2 ESL Jun 30 (last day); S3 ESL Jan 1 (first
day); S3 ESL Apr 1 voided. S1 ESL Jul 1 is on G2 (education only, from 2026-01-01, no end, 5,000.00).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from reclaim.cases.actions import do_open_case
from reclaim.funding import actions
from reclaim.people.actions import do_create_survivor
from reclaim.services.actions import ServiceEntry, do_record_service, do_void_service

CATEGORIES = ["case_management", "education", "housing_shelter", "psychological_support"]


def funding_fixture(personas: dict[str, Any], survivor_a: Any) -> dict[str, Any]:
    director = personas["program_director"]
    worker = personas["case_manager"]
    agency = survivor_a.agency
    g1 = actions.do_create_grant(
        actor=director,
        agency=agency,
        values=actions.GrantValues(
            name="G1", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30), amount_awarded=Decimal("10000.00")
        ),
        known_categories=CATEGORIES,
    )
    g2 = actions.do_create_grant(
        actor=director,
        agency=agency,
        values=actions.GrantValues(
            name="G2", starts_on=date(2026, 1, 1), allowed_categories=["education"], amount_awarded=Decimal(5000)
        ),
        known_categories=CATEGORIES,
    )
    personnel = actions.do_add_budget_line(
        actor=director, grant=g1, values=actions.BudgetLineValues("personnel", Decimal(6000), "Advocates")
    )
    assistance = actions.do_add_budget_line(
        actor=director, grant=g1, values=actions.BudgetLineValues("direct_assistance", Decimal(5000))
    )
    staff = [worker.pk, director.pk]
    actions.do_record_staff_time(
        actor=director,
        grant=g1,
        values=actions.StaffTimeValues(worker.pk, date(2026, 1, 15), Decimal(10), Decimal(25), personnel.pk),
        staff_ids=staff,
    )
    actions.do_record_staff_time(
        actor=director,
        grant=g1,
        values=actions.StaffTimeValues(worker.pk, date(2026, 2, 10), Decimal("4.5"), Decimal(40)),
        staff_ids=staff,
    )
    actions.do_record_direct_cost(
        actor=director,
        grant=g1,
        values=actions.DirectCostValues(date(2026, 2, 20), Decimal(300), "Rent deposit", "", assistance.pk),
        known_categories=CATEGORIES,
    )
    actions.do_record_direct_cost(
        actor=director,
        grant=g1,
        values=actions.DirectCostValues(date(2026, 3, 5), Decimal(120), "Interpreter", "psychological_support"),
        known_categories=CATEGORIES,
    )
    actions.do_record_in_kind(
        actor=director,
        agency=agency,
        values=actions.InKindValues("volunteer", date(2026, 2, 1), Decimal(10), Decimal(250), "hours", grant_id=g1.pk),
        organization_ids=[],
    )
    cases = [do_open_case(actor=worker, survivor=survivor_a, team=survivor_a.team)]
    for n in (2, 3):
        survivor = do_create_survivor(
            actor=None, agency=agency, reference=f"A-00000{n}", team=survivor_a.team, assigned=[worker]
        )
        cases.append(do_open_case(actor=worker, survivor=survivor, team=survivor_a.team))
    c1, c2, c3 = cases

    def serve(case: Any, code: str, on: date, grant: Any) -> Any:
        return do_record_service(actor=worker, case=case, entry=ServiceEntry(code, on, grant_id=grant.pk))

    for day in (date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)):
        serve(c1, "psychological_support.cbt", day, g1)
    serve(c2, "psychological_support.cbt", date(2026, 2, 15), g1)
    serve(c2, "education.esl", date(2026, 6, 30), g1)
    serve(c3, "education.esl", date(2026, 1, 1), g1)
    voided = serve(c3, "education.esl", date(2026, 4, 1), g1)
    do_void_service(actor=worker, record=voided, expected_version=voided.version, reason="Entered twice")
    serve(c1, "education.esl", date(2026, 7, 1), g2)
    return {"g1": g1, "g2": g2, "personnel": personnel, "assistance": assistance, "cases": cases}
