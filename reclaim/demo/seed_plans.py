"""Demo plans: for most cases past intake, a plan with 2-4 goals (some in the survivor's words), steps with
owners and due dates, and planned services. Bulk writes, deterministic, idempotent (cases that already have
a plan are left alone)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from reclaim.cases.models import Case, CaseEvent, EventType
from reclaim.cases.state import CaseStatus
from reclaim.core.bulk import prepare_rows, write_together
from reclaim.demo.keys import demo_key
from reclaim.plans.models import (
    DEFAULT_REVIEW_EVERY_DAYS,
    Goal,
    GoalStatus,
    Plan,
    PlannedFrequency,
    PlannedService,
    Task,
    TaskStatus,
)

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

_PAST_INTAKE = [
    CaseStatus.STABILIZATION,
    CaseStatus.ASSESSMENT,
    CaseStatus.ACTIVE_PLAN,
    CaseStatus.REINTEGRATION,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSED,
]
PLAN_SHARE = 0.85  # "most cases past intake" have a plan

# (domain, main service category, staff wording, survivor's words or "", language, steps, planned type)
_GOALS: tuple[tuple[str, str, str, str, str, tuple[str, ...], str], ...] = (
    (
        "housing",
        "housing_shelter",
        "Find a stable, safe place to live",
        "Tener mi propio cuarto",
        "es",
        ("Apply for transitional housing", "Visit the flat with the person"),
        "housing_shelter.transitional",
    ),
    (
        "safety",
        "crisis_intervention",
        "Feel safe day to day",
        "I want to stop looking over my shoulder",
        "en",
        ("Review the safety plan together", "Set up a safe phone"),
        "",
    ),
    (
        "mental_wellbeing",
        "psychological_support",
        "Sleep better and have fewer nightmares",
        "",
        "",
        ("Book a first counselling session",),
        "psychological_support.counselling",
    ),
    (
        "legal_protection",
        "legal_assistance",
        "Get identity documents back",
        "Recuperar mi pasaporte",
        "es",
        ("Request a copy of the birth certificate", "Go to the consulate appointment"),
        "legal_assistance.immigration",
    ),
    (
        "economic_education",
        "education",
        "Improve English for work",
        "Hablar inglés en el trabajo",
        "es",
        ("Enrol in an ESL class",),
        "education.esl",
    ),
    (
        "economic_education",
        "job_placement",
        "Find paid work with fair conditions",
        "",
        "",
        ("Write a CV", "Register with the job centre"),
        "job_placement.search",
    ),
    (
        "physical_wellbeing",
        "physical_healthcare",
        "See a doctor about back pain",
        "",
        "",
        ("Register with a clinic",),
        "physical_healthcare.medical",
    ),
    (
        "social_support",
        "support_group",
        "Meet people outside the shelter",
        "Hacer amigas",
        "es",
        ("Try the peer support group",),
        "",
    ),
)
_FREQUENCIES = [PlannedFrequency.WEEKLY, PlannedFrequency.FORTNIGHTLY, PlannedFrequency.MONTHLY, PlannedFrequency.ONCE]


def seed_plans(agencies: dict[str, Agency], *, seed: int, batch_size: int = 1000) -> int:
    """Plans for demo cases past intake that have none yet. Returns the number of plans created."""
    created = 0
    today = timezone.localdate()
    for slug, agency in agencies.items():
        cases = list(
            Case.objects.filter(agency=agency, status__in=_PAST_INTAKE)
            .exclude(Exists(Plan.objects.filter(case=OuterRef("pk"))))
            .only("pk", "agency_id", "status", "intake_on", "identified_on", "lead_worker_id", "number")
            .order_by("number")
        )
        for offset in range(0, len(cases), batch_size):
            rows = _Rows()
            for case in cases[offset : offset + batch_size]:
                # one generator per case, so a case skipped once stays skipped on the next run (idempotent)
                rng = random.Random(f"{seed}:{slug}:plans:{case.number}")
                if rng.random() < PLAN_SHARE:
                    _demo_plan(rng, case, today, rows)
            rows.save()
            created += len(rows.plans)
    return created


class _Rows:
    def __init__(self) -> None:
        self.plans: list[dict[str, Any]] = []
        self.goals: list[dict[str, Any]] = []
        self.tasks: list[dict[str, Any]] = []
        self.planned: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

    def save(self) -> None:
        write_together(
            prepare_rows(Plan, self.plans),
            prepare_rows(Goal, self.goals),
            prepare_rows(Task, self.tasks, keys=demo_key),
            prepare_rows(PlannedService, self.planned, keys=demo_key),
            prepare_rows(CaseEvent, self.events, keys=demo_key),
        )


def _demo_plan(rng: random.Random, case: Case, today: date, rows: _Rows) -> None:
    started = (case.intake_on or case.identified_on or today - timedelta(days=120)) + timedelta(days=rng.randint(7, 30))
    started = min(started, today)
    closed = case.status in {CaseStatus.CLOSED, CaseStatus.FOLLOW_UP}
    plan = demo_key()
    rows.plans.append(
        {
            "id": plan,
            "agency_id": case.agency_id,
            "case_id": case.pk,
            "review_every_days": DEFAULT_REVIEW_EVERY_DAYS,
            "next_review_on": started + timedelta(days=DEFAULT_REVIEW_EVERY_DAYS),
            "created_by_id": case.lead_worker_id,
        }
    )
    rows.events.append(
        {
            "agency_id": case.agency_id,
            "case_id": case.pk,
            "type": EventType.PLAN_CREATED,
            "actor_id": case.lead_worker_id,
            "at": timezone.make_aware(datetime.combine(started, time(10))),
            "parameters": {"plan_id": str(plan), "goals": 0},
        }
    )
    chosen = rng.sample(_GOALS, rng.randint(2, 4))
    rows.events[-1]["parameters"]["goals"] = len(chosen)
    for position, (domain, category, wording, words, language, steps, planned_type) in enumerate(chosen):
        status = (
            rng.choice([GoalStatus.ACHIEVED, GoalStatus.ACHIEVED, GoalStatus.CHANGED])
            if closed
            else rng.choice([GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS, GoalStatus.IN_PROGRESS])
        )
        goal = demo_key()
        rows.goals.append(
            {
                "id": goal,
                "agency_id": case.agency_id,
                "plan_id": plan,
                "case_id": case.pk,
                "domain": domain,
                "service_category": category,
                "staff_wording": wording,
                "survivor_words": words,
                "survivor_language": language if words else "",
                "target_on": started + timedelta(days=rng.choice([60, 90, 180])),
                "status": status,
                "position": position,
                "created_by_id": case.lead_worker_id,
            }
        )
        for step in steps:
            done = closed or rng.random() < 0.4
            by_survivor = rng.random() < 0.25
            rows.tasks.append(
                {
                    "agency_id": case.agency_id,
                    "case_id": case.pk,
                    "goal_id": goal,
                    "title": step,
                    "owner_id": None if by_survivor else case.lead_worker_id,
                    "owned_by_survivor": by_survivor,
                    "due_on": started + timedelta(days=rng.randint(7, 60)),
                    "status": TaskStatus.DONE if done else TaskStatus.OPEN,
                    "completed_at": timezone.now() if done else None,
                    "completed_by_id": case.lead_worker_id if done else None,
                    "created_by_id": case.lead_worker_id,
                }
            )
        rows.planned.append(
            {
                "agency_id": case.agency_id,
                "goal_id": goal,
                "service_category": category,
                "service_type": planned_type,
                "planned_count": rng.choice([None, 4, 6, 12]),
                "frequency": rng.choice(_FREQUENCIES),
            }
        )
