"""Every write of plans, goals, tasks, planned services and reviews: one transaction each, with a timeline
event (ids and codes only) and its audit row."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency
from reclaim.cases.models import Case
from reclaim.cases.state import CaseStatus
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.plans import events, selectors
from reclaim.plans.models import (
    MAX_REVIEW_EVERY_DAYS,
    MIN_REVIEW_EVERY_DAYS,
    TEXT_MAX_LENGTH,
    Goal,
    GoalProgressNote,
    GoalStatus,
    Plan,
    PlannedFrequency,
    PlannedService,
    PlanPolicy,
    PlanVersion,
    Task,
    TaskStatus,
)

if TYPE_CHECKING:
    from reclaim.accounts.models import User

# A language tag like "es", "fil" or "pt-BR": the survivor's words stay in their language.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MAX_PLANNED_COUNT = 999


class PlanInputInvalid(DomainError):
    """A value of a goal, task, planned service or review is missing or not one of those offered;
    `fields` names each one (interfaces show them on the field, the API answers 422)."""

    code = "plans.invalid"


@dataclass(frozen=True)
class GoalData:
    staff_wording: str = ""
    survivor_words: str = ""
    survivor_language: str = ""
    domain: str = ""
    service_category: str = ""
    target_on: datetime.date | None = None
    status: str = GoalStatus.NOT_STARTED


@dataclass(frozen=True)
class TaskData:
    title: str = ""
    owner: User | None = None
    owned_by_survivor: bool = False
    due_on: datetime.date | None = None
    status: str = TaskStatus.OPEN


GOAL_FIELDS = ("staff_wording", "survivor_words", "survivor_language", "domain", "service_category", "target_on")


def goal_data_of(goal: Goal) -> GoalData:
    return GoalData(
        staff_wording=goal.staff_wording or "",
        survivor_words=goal.survivor_words or "",
        survivor_language=goal.survivor_language,
        domain=goal.domain,
        service_category=goal.service_category,
        target_on=goal.target_on,
        status=goal.status,
    )


def task_data_of(task: Task) -> TaskData:
    return TaskData(
        title=task.title or "",
        owner=task.owner,
        owned_by_survivor=task.owned_by_survivor,
        due_on=task.due_on,
        status=task.status,
    )


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise PlanInputInvalid(next(iter(errors.values()))[0], fields=errors)


def _text_errors(errors: dict[str, list[str]], name: str, value: str, *, required: bool) -> None:
    if required and not value.strip():
        errors[name] = [_("Write a few words.")]
    elif len(value) > TEXT_MAX_LENGTH:
        errors[name] = [_("Keep it under %(n)d characters.") % {"n": TEXT_MAX_LENGTH}]


def _clean_goal(agency_id: Any, data: GoalData, prefix: str = "") -> tuple[GoalData, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    data = replace(
        data,
        staff_wording=data.staff_wording.strip(),
        survivor_words=data.survivor_words.strip(),
        survivor_language=data.survivor_language.strip(),
    )
    _text_errors(errors, f"{prefix}staff_wording", data.staff_wording, required=True)
    _text_errors(errors, f"{prefix}survivor_words", data.survivor_words, required=False)
    if data.survivor_language and not LANGUAGE_TAG.match(data.survivor_language):
        errors[f"{prefix}survivor_language"] = [_("Use a language code such as es, fil or pt-BR.")]
    if data.domain and data.domain not in dict(selectors.domain_choices(agency_id)):
        errors[f"{prefix}domain"] = [_("Not one of your agency's outcome domains.")]
    if data.service_category and data.service_category not in dict(selectors.category_choices()):
        errors[f"{prefix}service_category"] = [_("Not one of the kinds of service offered.")]
    if data.status not in GoalStatus.values:
        errors[f"{prefix}status"] = [_("Not one of the statuses offered.")]
    return data, errors


def _new_goal(actor: User, plan: Plan, case: Case, data: GoalData, position: int) -> Goal:
    goal = Goal(
        agency_id=case.agency_id,
        plan=plan,
        case=case,
        staff_wording=data.staff_wording,
        survivor_words=data.survivor_words,
        survivor_language=data.survivor_language,
        domain=data.domain,
        service_category=data.service_category,
        target_on=data.target_on,
        status=data.status,
        position=position,
        created_by=actor,
    )
    goal.full_clean()
    goal.save()
    events.goal_added(
        case=case, actor=actor, goal_id=str(goal.pk), domain=goal.domain, service_category=goal.service_category
    )
    return goal


@transaction.atomic
def do_create_plan(*, actor: User, case: Case, goals: list[GoalData] | None = None) -> Plan:
    """Start the case's one plan, with the goals the worker chose (maybe none). The first review falls due
    after the agency's review interval."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise DomainError(_("This case is closed: reopen it to start a plan."), code="plans.case_closed")
    if Plan.objects.filter(case=case).exists():
        raise DomainError(_("This case already has a plan."), code="plans.exists")
    cleaned: list[GoalData] = []
    errors: dict[str, list[str]] = {}
    for index, data in enumerate(goals or []):
        clean, goal_errors = _clean_goal(case.agency_id, data, prefix=f"goals.{index}.")
        cleaned.append(clean)
        errors.update(goal_errors)
    _raise_if(errors)
    policy = selectors.plan_policy_for(case.agency_id)
    plan = Plan(
        agency_id=case.agency_id,
        case=case,
        review_every_days=policy.review_every_days,
        next_review_on=timezone.localdate() + datetime.timedelta(days=policy.review_every_days),
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    events.plan_created(case=case, actor=actor, plan_id=str(plan.pk), goals=len(cleaned))
    for position, data in enumerate(cleaned):
        _new_goal(actor, plan, case, data, position)
    return plan


@transaction.atomic
def do_add_goal(*, actor: User, plan: Plan, data: GoalData) -> Goal:
    plan = Plan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    data, errors = _clean_goal(plan.agency_id, data)
    _raise_if(errors)
    last = Goal.objects.filter(plan=plan).aggregate(last=Max("position"))["last"]
    return _new_goal(actor, plan, plan.case, data, 0 if last is None else last + 1)


def _goal_values(goal: Goal) -> dict[str, Any]:
    return {
        "staff_wording": goal.staff_wording or "",
        "survivor_words": goal.survivor_words or "",
        "survivor_language": goal.survivor_language,
        "domain": goal.domain,
        "service_category": goal.service_category,
        "target_on": goal.target_on.isoformat() if goal.target_on else "",
        "status": goal.status,
    }


@transaction.atomic
def do_update_goal(*, actor: User, goal: Goal, expected_version: int, data: GoalData) -> Goal:
    """Replace a goal's wording, domain, service, target and status. A stale version raises EditConflict
    carrying the values saved now; the timeline names the fields that changed, never their values."""
    goal = Goal.objects.select_for_update(of=("self",)).select_related("case").get(pk=goal.pk)
    check_version(goal.version, expected_version, _goal_values(goal))
    data, errors = _clean_goal(goal.agency_id, data)
    _raise_if(errors)
    changed = [name for name in (*GOAL_FIELDS, "status") if getattr(goal, name) != getattr(data, name)]
    if goal.survivor_words is None and not data.survivor_words and "survivor_words" in changed:
        changed.remove("survivor_words")
    if not changed:
        return goal
    for name in changed:
        setattr(goal, name, getattr(data, name))
    goal.version += 1
    goal.full_clean()
    goal.save()
    events.goal_updated(case=goal.case, actor=actor, goal_id=str(goal.pk), fields=changed, status=goal.status)
    return goal


@transaction.atomic
def do_add_progress_note(
    *, actor: User, goal: Goal, text: str, noted_on: datetime.date | None = None, new_status: str = ""
) -> GoalProgressNote:
    """Note how a goal is going; a new status moves the goal (its version too, so open edit forms see it)."""
    goal = Goal.objects.select_for_update(of=("self",)).select_related("case").get(pk=goal.pk)
    text = text.strip()
    errors: dict[str, list[str]] = {}
    _text_errors(errors, "text", text, required=not new_status)
    if new_status and new_status not in GoalStatus.values:
        errors["new_status"] = [_("Not one of the statuses offered.")]
    today = timezone.localdate()
    if noted_on is not None and noted_on > today:
        errors["noted_on"] = [_("The date cannot be in the future.")]
    _raise_if(errors)
    status_to = new_status if new_status and new_status != goal.status else ""
    note = GoalProgressNote(
        agency_id=goal.agency_id,
        goal=goal,
        case=goal.case,
        text=text,
        noted_on=noted_on or today,
        author=actor,
        status_from=goal.status if status_to else "",
        status_to=status_to,
    )
    note.full_clean()
    note.save()
    if status_to:
        goal.status = status_to
        goal.version += 1
        goal.save(update_fields=["status", "version", "updated_at"])
    events.goal_progress(
        case=goal.case,
        actor=actor,
        goal_id=str(goal.pk),
        note_id=str(note.pk),
        status_from=note.status_from,
        status_to=note.status_to,
    )
    return note


def _clean_task(case: Case, data: TaskData) -> tuple[TaskData, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    data = replace(data, title=data.title.strip())
    _text_errors(errors, "title", data.title, required=True)
    if data.owner is not None and data.owned_by_survivor:
        errors["owner"] = [_("Choose a member of staff or the survivor, not both.")]
    elif data.owner is not None and not selectors.task_owner_choices(case.agency_id).filter(pk=data.owner.pk).exists():
        errors["owner"] = [_("Choose someone from your agency who works cases.")]
    if data.status not in TaskStatus.values:
        errors["status"] = [_("Not one of the statuses offered.")]
    return data, errors


def _set_status(task: Task, actor: User, status: str) -> None:
    if status == task.status:
        return
    task.status = status
    if status == TaskStatus.DONE:
        task.completed_at, task.completed_by = timezone.now(), actor
    else:
        task.completed_at, task.completed_by = None, None


@transaction.atomic
def do_add_task(*, actor: User, case: Case, data: TaskData, goal: Goal | None = None) -> Task:
    """A step of a goal of this case, or a stand-alone task on the case."""
    if goal is not None and goal.case_id != case.pk:
        raise PlanInputInvalid(_("That goal is not on this case."), fields={"goal": [_("Not a goal of this case.")]})
    data, errors = _clean_task(case, data)
    _raise_if(errors)
    task = Task(
        agency_id=case.agency_id,
        case=case,
        goal=goal,
        title=data.title,
        owner=data.owner,
        owned_by_survivor=data.owned_by_survivor,
        due_on=data.due_on,
        created_by=actor,
    )
    _set_status(task, actor, data.status)
    task.full_clean()
    task.save()
    events.task_added(
        case=case,
        actor=actor,
        task_id=str(task.pk),
        goal_id=str(goal.pk) if goal else "",
        owner_id="survivor" if task.owned_by_survivor else str(task.owner_id or ""),
    )
    return task


def _task_values(task: Task) -> dict[str, Any]:
    return {
        "title": task.title or "",
        "owner": "survivor" if task.owned_by_survivor else str(task.owner_id or ""),
        "due_on": task.due_on.isoformat() if task.due_on else "",
        "status": task.status,
    }


@transaction.atomic
def do_update_task(*, actor: User, task: Task, expected_version: int, data: TaskData) -> Task:
    """Change a task (marking it done stamps who and when). A stale version raises EditConflict."""
    task = Task.objects.select_for_update(of=("self",)).select_related("case", "owner").get(pk=task.pk)
    check_version(task.version, expected_version, _task_values(task))
    assert task.case is not None  # noqa: S101 — every task belongs to a case (plans_task_goal_needs_case)
    data, errors = _clean_task(task.case, data)
    _raise_if(errors)
    changed = [
        name
        for name, new in (
            ("title", data.title),
            ("owner", data.owner.pk if data.owner else None),
            ("owned_by_survivor", data.owned_by_survivor),
            ("due_on", data.due_on),
            ("status", data.status),
        )
        if (task.owner_id if name == "owner" else getattr(task, name)) != new
    ]
    if not changed:
        return task
    task.title, task.owner, task.owned_by_survivor, task.due_on = (
        data.title,
        data.owner,
        data.owned_by_survivor,
        data.due_on,
    )
    _set_status(task, actor, data.status)
    task.version += 1
    task.full_clean()
    task.save()
    events.task_updated(case=task.case, actor=actor, task_id=str(task.pk), fields=changed, status=task.status)
    return task


def do_complete_task(*, actor: User, task: Task, expected_version: int) -> Task:
    """Mark a task done."""
    return do_update_task(
        actor=actor,
        task=task,
        expected_version=expected_version,
        data=replace(task_data_of(task), status=TaskStatus.DONE),
    )


@transaction.atomic
def do_add_planned_service(
    *,
    actor: User,
    goal: Goal,
    service_category: str = "",
    service_type: str = "",
    planned_count: int | None = None,
    frequency: str = "",
    note: str = "",
) -> PlannedService:
    """Plan a service for a goal: a category, or a type (its category is taken from the type's code)."""
    goal = Goal.objects.select_for_update(of=("self",)).select_related("case").get(pk=goal.pk)
    errors: dict[str, list[str]] = {}
    if service_type:
        if service_type not in dict(selectors.service_type_choices()):
            errors["service_type"] = [_("Not one of the services offered.")]
        elif service_category and not service_type.startswith(f"{service_category}."):
            errors["service_type"] = [_("This service is not of the kind chosen.")]
        else:
            service_category = service_type.split(".", 1)[0]
    if service_category and service_category not in dict(selectors.category_choices()):
        errors["service_category"] = [_("Not one of the kinds of service offered.")]
    if not service_category and not service_type:
        errors["service_category"] = [_("Choose a kind of service or a service.")]
    if planned_count is not None and not 1 <= planned_count <= MAX_PLANNED_COUNT:
        errors["planned_count"] = [_("Between 1 and %(n)d.") % {"n": MAX_PLANNED_COUNT}]
    if frequency and frequency not in PlannedFrequency.values:
        errors["frequency"] = [_("Not one of the frequencies offered.")]
    _text_errors(errors, "note", note.strip(), required=False)
    _raise_if(errors)
    item = PlannedService(
        agency_id=goal.agency_id,
        goal=goal,
        service_category=service_category,
        service_type=service_type,
        planned_count=planned_count,
        frequency=frequency,
        note=note.strip(),
        created_by=actor,
    )
    item.full_clean()
    item.save()
    events.goal_updated(
        case=goal.case, actor=actor, goal_id=str(goal.pk), fields=["planned_services"], status=goal.status
    )
    return item


@transaction.atomic
def do_remove_planned_service(*, actor: User, item: PlannedService) -> None:
    """Take a planned service off a goal (what was delivered stays in the service log)."""
    item = PlannedService.objects.select_related("goal__case").get(pk=item.pk)
    goal = item.goal
    item.delete()
    events.goal_updated(
        case=goal.case, actor=actor, goal_id=str(goal.pk), fields=["planned_services"], status=goal.status
    )


def _task_snapshot(task: Task) -> dict[str, Any]:
    return {
        "id": str(task.pk),
        "title": task.title or "",
        "owner_id": str(task.owner_id or ""),
        "owner_name": task.owner.display_name if task.owner else "",
        "owned_by_survivor": task.owned_by_survivor,
        "due_on": task.due_on,
        "status": task.status,
    }


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan, its goals with their planned services and steps, and the stand-alone tasks, as plain data."""
    page = selectors.plan_page(plan.case, plan)
    return {
        "plan": {
            "status": plan.status,
            "review_every_days": plan.review_every_days,
            "last_reviewed_on": plan.last_reviewed_on,
            "next_review_on": plan.next_review_on,
        },
        "goals": [
            {
                "id": str(row.goal.pk),
                "position": row.goal.position,
                **{name: getattr(row.goal, name) or "" for name in GOAL_FIELDS if name != "target_on"},
                "domain_name": row.domain_name,
                "service_category_name": row.category_name,
                "target_on": row.goal.target_on,
                "status": row.goal.status,
                "planned": [
                    {
                        "service_category": p.item.service_category,
                        "service_type": p.item.service_type,
                        "label": p.label,
                        "planned_count": p.item.planned_count,
                        "frequency": p.item.frequency,
                        "note": p.item.note or "",
                    }
                    for p in row.planned
                ],
                "delivered_count": row.delivered.count if row.delivered else 0,
                "tasks": [_task_snapshot(task) for task in row.tasks],
            }
            for row in page.goals
        ],
        "tasks": [_task_snapshot(task) for task in page.loose_tasks],
    }


@transaction.atomic
def do_record_review(
    *, actor: User, plan: Plan, expected_version: int, note: str = "", reviewed_on: datetime.date | None = None
) -> PlanVersion:
    """Review the plan: keep a snapshot of it as the next version, set the last and next review dates.
    If the agency requires it, the review then waits for a supervisor's or director's sign-off."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("case").get(pk=plan.pk)
    check_version(
        plan.version,
        expected_version,
        {
            "last_reviewed_on": plan.last_reviewed_on.isoformat() if plan.last_reviewed_on else "",
            "next_review_on": plan.next_review_on.isoformat() if plan.next_review_on else "",
        },
    )
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    _text_errors(errors, "note", note.strip(), required=False)
    if reviewed_on is not None and reviewed_on > today:
        errors["reviewed_on"] = [_("The date cannot be in the future.")]
    _raise_if(errors)
    if PlanVersion.objects.filter(plan=plan, needs_sign_off=True, signed_off_at__isnull=True).exists():
        raise DomainError(_("The last review is still waiting for a sign-off."), code="plans.review_awaiting_sign_off")
    policy = selectors.plan_policy_for(plan.agency_id)
    reviewed_on = reviewed_on or today
    plan.last_reviewed_on = reviewed_on
    plan.review_every_days = policy.review_every_days
    plan.next_review_on = reviewed_on + datetime.timedelta(days=policy.review_every_days)
    last = PlanVersion.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion(
        agency_id=plan.agency_id,
        plan=plan,
        case=plan.case,
        number=last + 1,
        snapshot=plan_snapshot(plan),
        note=note.strip(),
        reviewed_on=reviewed_on,
        reviewed_by=actor,
        needs_sign_off=policy.requires_sign_off,
    )
    version.full_clean()
    version.save()
    plan.version += 1
    plan.full_clean()
    plan.save()
    events.plan_reviewed(
        case=plan.case,
        actor=actor,
        plan_id=str(plan.pk),
        version_id=str(version.pk),
        number=version.number,
        needs_sign_off=version.needs_sign_off,
    )
    return version


@transaction.atomic
def do_sign_off_review(*, actor: User, version: PlanVersion) -> PlanVersion:
    """A supervisor or director (checked by the caller's gate) signs off a review someone else recorded."""
    version = PlanVersion.objects.select_for_update(of=("self",)).select_related("case").get(pk=version.pk)
    if not version.awaiting_sign_off:
        raise DomainError(_("This review is not waiting for a sign-off."), code="plans.not_awaiting_sign_off")
    if version.reviewed_by_id == actor.pk:
        raise DomainError(
            _("Someone other than the person who recorded the review signs it off."), code="plans.own_review"
        )
    version.signed_off_at, version.signed_off_by = timezone.now(), actor
    version.save(update_fields=["signed_off_at", "signed_off_by", "updated_at"])
    events.plan_signed_off(
        case=version.case, actor=actor, plan_id=str(version.plan_id), version_id=str(version.pk), number=version.number
    )
    return version


@transaction.atomic
def do_set_plan_policy(
    *, actor: User, agency: Agency, review_every_days: int, requires_sign_off: bool, expected_version: int
) -> PlanPolicy:
    """Set how often the agency's plans are reviewed and whether reviews need a sign-off. Plans pick up
    the interval at their next review."""
    if not MIN_REVIEW_EVERY_DAYS <= review_every_days <= MAX_REVIEW_EVERY_DAYS:
        raise PlanInputInvalid(
            _("Between %(low)d and %(high)d days.") % {"low": MIN_REVIEW_EVERY_DAYS, "high": MAX_REVIEW_EVERY_DAYS},
            fields={
                "review_every_days": [
                    _("Between %(low)d and %(high)d days.")
                    % {"low": MIN_REVIEW_EVERY_DAYS, "high": MAX_REVIEW_EVERY_DAYS}
                ]
            },
        )
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise the first save per agency
    policy = PlanPolicy.objects.filter(agency=agency).first() or PlanPolicy(agency=agency, version=0)
    check_version(
        policy.version,
        expected_version,
        {"review_every_days": str(policy.review_every_days), "requires_sign_off": policy.requires_sign_off},
    )
    policy.review_every_days, policy.requires_sign_off, policy.updated_by = (
        review_every_days,
        requires_sign_off,
        actor,
    )
    policy.version += 1
    policy.full_clean()
    policy.save()
    write_audit(
        AuditEntry(
            "plans.policy_changed",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="plan_policy",
            object_id=str(policy.pk),
            detail={"review_every_days": review_every_days, "requires_sign_off": requires_sign_off},
        )
    )
    return policy
