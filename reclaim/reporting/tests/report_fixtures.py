"""Hand-built data for the funder report tests: people with several cases, a reopened case, services around
the period's edges, family members, a voided record. Period 2026-H1 (2026-01-01 .. 2026-06-30)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from reclaim.cases.models import Case, CaseEvent, EventCoding, HistoricEvent
from reclaim.core.htcds import TYPE_OF_EXPLOITATION
from reclaim.people.models import Relation, Survivor
from reclaim.services.models import ServiceRecord, ServiceType

D = datetime.date


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


@dataclass
class World:
    agency: Any
    people: dict[str, Survivor]
    cases: dict[str, Case]
    family: dict[str, Relation]


def survivor(agency: Any, ref: str, gender: str = "NonSpecifiedUnknown") -> Survivor:
    return Survivor.objects.create(agency=agency, reference=ref, gender=gender)


def case(agency: Any, person: Survivor, number: str, **fields: Any) -> Case:
    return Case.objects.create(agency=agency, survivor=person, number=number, **fields)


def service(
    agency: Any, on_case: Case, code: str, day: datetime.date, minutes: int | None = 60, **fields: Any
) -> ServiceRecord:
    kind = ServiceType.objects.get(code=code)
    return ServiceRecord.objects.create(
        agency=agency,
        case=on_case,
        service_type=kind,
        category_code=kind.category.code,
        delivered_on=day,
        duration_minutes=minutes,
        **fields,
    )


def exploitation(agency: Any, on_case: Case, *codes: str) -> None:
    event = HistoricEvent.objects.create(agency=agency, case=on_case, type="Exploitation")
    for code in codes:
        EventCoding.objects.create(agency=agency, event=event, case=on_case, vocabulary=TYPE_OF_EXPLOITATION, code=code)


def build(agency: Any) -> World:
    p1 = survivor(agency, "R-1", "Feminine")
    p2 = survivor(agency, "R-2", "Masculine")
    p3 = survivor(agency, "R-3", "TransgenderFeminine")
    p4 = survivor(agency, "R-4", "Feminine")
    p5 = survivor(agency, "R-5", "Masculine")
    # P1: two cases (the first closed in the period), a service before the period: continuing, both types.
    c1a = case(
        agency,
        p1,
        "C-1A",
        is_minor=False,
        identification_source="law_enforcement",
        status="closed",
        closed_at=at(D(2026, 3, 15)),
        close_reason="goals_met",
        intake_on=D(2025, 11, 1),
    )
    c1b = case(agency, p1, "C-1B", identification_source="partner_referral", status="active_plan")
    service(agency, c1a, "legal_assistance.rights_information", D(2025, 12, 20))
    service(agency, c1a, "legal_assistance.rights_information", D(2026, 2, 1), 60)
    service(agency, c1b, "case_management.assessment", D(2026, 3, 1), 30)
    exploitation(agency, c1a, "SexualExploitation")
    exploitation(agency, c1b, "ForcedLabour")
    # P2: one case reopened in the period, two services in it: counted once, new, a minor, "other" type.
    c2 = case(
        agency, p2, "C-2", is_minor=True, identification_source="hotline", status="intake", intake_on=D(2025, 6, 1)
    )
    CaseEvent.objects.create(agency=agency, case=c2, type="reopened", at=at(D(2026, 2, 2)))
    service(agency, c2, "case_management.assessment", D(2026, 1, 10), 90)
    service(agency, c2, "case_management.assessment", D(2026, 5, 10), None)
    exploitation(agency, c2, "ForcedMarriage")
    # P3: services on each side of the period only: not in it.
    c3 = case(agency, p3, "C-3", intake_on=D(2025, 12, 1))
    service(agency, c3, "education.esl", D(2025, 12, 31))
    service(agency, c3, "education.esl", D(2026, 7, 1))
    # P4: entered in the period, served on its last day; two family members served (three services).
    c4 = case(agency, p4, "C-4", intake_on=D(2026, 2, 1))
    service(agency, c4, "education.esl", D(2026, 6, 30), 120)
    f1 = Relation.objects.create(agency=agency, survivor=p4, kind="family_member", relationship="child")
    f2 = Relation.objects.create(agency=agency, survivor=p4, kind="family_member", relationship="partner")
    service(agency, c4, "childcare.care", D(2026, 4, 1), 60, recipient=f1)
    service(agency, c4, "childcare.care", D(2026, 4, 2), 60, recipient=f2)
    service(agency, c4, "education.esl", D(2026, 4, 3), 60, recipient=f2)
    # P5: the only service in the period was voided: not counted.
    c5 = case(agency, p5, "C-5")
    service(agency, c5, "education.esl", D(2026, 3, 3), voided_at=at(D(2026, 3, 4)))
    return World(
        agency,
        {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5},
        {"c1a": c1a, "c1b": c1b, "c2": c2, "c3": c3, "c4": c4, "c5": c5},
        {"f1": f1, "f2": f2},
    )


def crowd(
    agency: Any,
    count: int,
    *,
    gender: str,
    prefix: str,
    day: datetime.date | None = None,
    code: str = "education.esl",
) -> None:
    """`count` more people, each with one case and one service on `day` (to get past k)."""
    kind = ServiceType.objects.get(code=code)
    day = day or D(2026, 3, 1)
    for i in range(count):
        person = survivor(agency, f"{prefix}-{i}", gender)
        on_case = case(agency, person, f"{prefix}-C{i}", is_minor=False)
        ServiceRecord.objects.create(
            agency=agency,
            case=on_case,
            service_type=kind,
            category_code=kind.category.code,
            delivered_on=day,
            duration_minutes=60,
        )
