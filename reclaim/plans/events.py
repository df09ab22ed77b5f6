"""Timeline events of plans, goals and tasks: ids and codes only, never the wording of a goal or a task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.cases.events import _record
from reclaim.cases.models import EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseEvent


def plan_created(*, case: Case, actor: User | None, plan_id: str, goals: int) -> CaseEvent:
    return _record(case, actor, EventType.PLAN_CREATED, "plans.plan_created", plan_id=plan_id, goals=goals)


def plan_reviewed(
    *, case: Case, actor: User | None, plan_id: str, version_id: str, number: int, needs_sign_off: bool
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.PLAN_REVIEWED,
        "plans.plan_reviewed",
        plan_id=plan_id,
        version_id=version_id,
        number=number,
        needs_sign_off=needs_sign_off,
    )


def plan_signed_off(*, case: Case, actor: User | None, plan_id: str, version_id: str, number: int) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.PLAN_SIGNED_OFF,
        "plans.plan_signed_off",
        plan_id=plan_id,
        version_id=version_id,
        number=number,
    )


def goal_added(*, case: Case, actor: User | None, goal_id: str, domain: str, service_category: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.GOAL_ADDED,
        "plans.goal_added",
        goal_id=goal_id,
        domain=domain,
        service_category=service_category,
    )


def goal_updated(*, case: Case, actor: User | None, goal_id: str, fields: list[str], status: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.GOAL_UPDATED,
        "plans.goal_updated",
        goal_id=goal_id,
        fields=",".join(fields),
        status=status,
    )


def goal_progress(
    *, case: Case, actor: User | None, goal_id: str, note_id: str, status_from: str, status_to: str
) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.GOAL_PROGRESS,
        "plans.goal_progress",
        goal_id=goal_id,
        note_id=note_id,
        status_from=status_from,
        status_to=status_to,
    )


def task_added(*, case: Case, actor: User | None, task_id: str, goal_id: str, owner_id: str) -> CaseEvent:
    return _record(
        case, actor, EventType.TASK_ADDED, "plans.task_added", task_id=task_id, goal_id=goal_id, owner_id=owner_id
    )


def task_updated(*, case: Case, actor: User | None, task_id: str, fields: list[str], status: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.TASK_UPDATED,
        "plans.task_updated",
        task_id=task_id,
        fields=",".join(fields),
        status=status,
    )
