"""Demo service delivery: about ten services per survivor over each case's life, linked to plan goals when the
case has a plan, and a couple of grants per agency. Bulk writes; the timeline events are written in bulk too."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.accounts.roles import Role
from reclaim.cases.models import Case, CaseEvent, EventType
from reclaim.cases.state import CaseStatus
from reclaim.core.bulk import prepare_rows, write_together
from reclaim.demo.keys import demo_key
from reclaim.funding.models import Grant
from reclaim.plans.models import Goal
from reclaim.services.models import DeliveryMode, Provision, ServiceOutcome, ServiceRecord, ServiceType

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.accounts.models import Agency

# How often each category is given, roughly: case management and support most, the rest now and then.
_CATEGORY_WEIGHTS = {
    "case_management": 10,
    "psychological_support": 6,
    "basic_necessities": 5,
    "housing_shelter": 3,
    "legal_assistance": 4,
    "physical_healthcare": 3,
    "transportation": 3,
    "education": 2,
    "life_skills": 2,
    "vocational_training": 1,
    "job_placement": 1,
    "support_group": 2,
    "crisis_intervention": 1,
    "childcare": 1,
    "interpretation": 2,
}
_NOTES = [
    "Went well; agreed next steps.",
    "Shorter than planned, she was tired.",
    "Brought documents; copies made.",
    "Asked for a female interpreter next time.",
    "",
    "",
    "",
]
_MINUTES = [15, 30, 45, 60, 60, 90, 120]
_MODES, _MODE_WEIGHTS = list(DeliveryMode.values), [8, 1, 3, 0]
_OUTCOMES, _OUTCOME_WEIGHTS = ["", *ServiceOutcome.values], [3, 6, 1, 1, 1]
_PARTNERS = ["City Legal Aid", "Northside Health Centre", "Harbour Housing Trust"]
_GRANTS = [
    ("Victim services grant", "State Office for Victims", ["case_management", "crisis_intervention", "transportation"]),
    ("Health and recovery fund", "Community Foundation", ["psychological_support", "physical_healthcare"]),
]


@dataclass
class _Rows:
    records: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def save(self, batch_size: int) -> None:
        write_together(
            prepare_rows(ServiceRecord, self.records, keys=demo_key),
            prepare_rows(CaseEvent, self.events, keys=demo_key),
        )


def _ensure_grants(agency: Agency) -> list[Grant]:
    year = timezone.localdate().year
    existing = {grant.name for grant in Grant.objects.filter(agency=agency)}
    Grant.objects.bulk_create(
        [
            Grant(
                agency=agency,
                name=name,
                funder_name=funder,
                starts_on=date(year - 3, 1, 1),
                ends_on=date(year + 1, 12, 31),
                allowed_categories=categories,
            )
            for name, funder, categories in _GRANTS
            if name not in existing
        ]
    )
    return list(Grant.objects.filter(agency=agency, is_active=True))


def _at(day: date, hour: int) -> datetime:
    """`hour` o'clock on `day` in the current time zone (what make_aware of midnight plus the hours gives)."""
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _demo_services(
    rng: random.Random,
    case: Case,
    *,
    types: dict[str, list[ServiceType]],
    goals: list[Goal],
    grants: list[Grant],
    staff: list[UUID],
    rows: _Rows,
) -> None:
    last = timezone.localdate(case.closed_at) if case.closed_at else timezone.localdate()
    start = case.intake_on or case.identified_on or last - timedelta(days=90)
    span = max((last - start).days, 1)
    # longer cases get more services: about five on average across the demo's cases, so 100,000 survivors
    # come with about half a million service records (issue 12's reference proportions)
    count = max(1, min(12, round(rng.gauss(2 + span / 150, 1.5))))
    categories = [code for code in _CATEGORY_WEIGHTS if code in types]
    weights = [_CATEGORY_WEIGHTS[code] for code in categories]
    for _ in range(count):
        day = start + timedelta(days=rng.randint(0, span))
        goal = rng.choice(goals) if goals and rng.random() < 0.6 else None
        category = goal.service_category if goal and goal.service_category in types else None
        category = category or rng.choices(categories, weights)[0]
        service_type = rng.choice(types[category])
        referred = category in {"legal_assistance", "physical_healthcare"} and rng.random() < 0.4
        grant = next((g for g in grants if g.covers(category, day) and rng.random() < 0.7), None)
        record = {
            "id": demo_key(),
            "agency_id": case.agency_id,
            "case_id": case.pk,
            "service_type_id": service_type.pk,
            "category_code": category,
            "delivered_on": day,
            "duration_minutes": rng.choice(_MINUTES),
            "provider_id": None if referred else rng.choice(staff),
            "provider_organisation": rng.choice(_PARTNERS) if referred else "",
            "provision": Provision.REFERRED if referred else Provision.DIRECT,
            "mode": rng.choices(_MODES, _MODE_WEIGHTS)[0],
            "goal_id": goal.pk if goal else None,
            "grant_id": grant.pk if grant else None,
            "outcome": rng.choices(_OUTCOMES, _OUTCOME_WEIGHTS)[0],
            "notes": rng.choice(_NOTES),
            "recorded_by_id": rng.choice(staff),
        }
        rows.records.append(record)
        rows.events.append(
            {
                "agency_id": case.agency_id,
                "case_id": case.pk,
                "type": EventType.SERVICE_RECORDED,
                "actor_id": record["recorded_by_id"],
                "at": _at(day, rng.randint(9, 17)),
                "parameters": {"service_id": str(record["id"]), "type": service_type.code},
            }
        )
        if rng.random() < 0.02:  # now and then one was entered twice and voided
            record.update(voided_at=_at(day, 18), voided_by_id=record["recorded_by_id"], void_reason="Entered twice")
            rows.events.append(
                {
                    "agency_id": case.agency_id,
                    "case_id": case.pk,
                    "type": EventType.SERVICE_VOIDED,
                    "actor_id": record["recorded_by_id"],
                    "at": _at(day, 18),
                    "parameters": {"service_id": str(record["id"])},
                }
            )


def seed_services(agencies: dict[str, Agency], *, seed: int, batch_size: int = 1000) -> int:
    """Services for demo cases past identification that have none yet (idempotent). Returns cases filled."""
    types: dict[str, list[ServiceType]] = {}
    for service_type in ServiceType.objects.filter(retired=False, category__retired=False).select_related("category"):
        types.setdefault(service_type.category.code, []).append(service_type)
    if not types:
        return 0
    filled = 0
    for slug, agency in agencies.items():
        rng = random.Random(f"{seed}:{slug}:services")
        staff = list(
            Membership.objects.filter(
                agency=agency,
                is_active=True,
                role__in=[Role.CASE_MANAGER, Role.CLINICIAN, Role.LEGAL_ADVOCATE, Role.SUPERVISOR],
            )
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        if not staff:
            continue
        grants = _ensure_grants(agency)
        cases = list(
            Case.objects.filter(agency=agency)
            .exclude(status=CaseStatus.IDENTIFIED)
            .exclude(Exists(ServiceRecord.objects.filter(case=OuterRef("pk"))))
            .only("pk", "agency_id", "status", "intake_on", "identified_on", "closed_at", "number")
            .order_by("number")
        )
        for offset in range(0, len(cases), batch_size):
            chunk = cases[offset : offset + batch_size]
            goals: dict[UUID, list[Goal]] = {}
            for goal in Goal.objects.filter(case_id__in=[c.pk for c in chunk]).only(
                "pk", "case_id", "service_category"
            ):
                goals.setdefault(goal.case_id, []).append(goal)
            rows = _Rows()
            for case in chunk:
                _demo_services(
                    rng, case, types=types, goals=goals.get(case.pk, []), grants=grants, staff=staff, rows=rows
                )
            rows.save(batch_size)
        filled += len(cases)
    return filled
