"""Plans API: a case's individual plan, its goals, progress notes, steps, planned services, reviews and
sign-off, with the plan tab's permissions. Bad values are 422, stale versions 409, other agencies 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.plans import access, actions, selectors
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

router = Router(tags=["plans"])


def _text() -> Any:
    return Field(default="", max_length=TEXT_MAX_LENGTH)


class TaskOut(Schema):
    id: UUID
    goal_id: UUID | None
    title: str
    owner_id: UUID | None
    owned_by_survivor: bool
    due_on: date | None
    status: str
    completed_at: datetime | None
    version: int

    @staticmethod
    def of(task: Task) -> TaskOut:
        return TaskOut(
            id=task.pk,
            goal_id=task.goal_id,
            title=task.title or "",
            owner_id=task.owner_id,
            owned_by_survivor=task.owned_by_survivor,
            due_on=task.due_on,
            status=task.status,
            completed_at=task.completed_at,
            version=task.version,
        )


class PlannedServiceOut(Schema):
    id: UUID
    service_category: str
    service_type: str
    planned_count: int | None
    frequency: str
    note: str

    @staticmethod
    def of(item: PlannedService) -> PlannedServiceOut:
        return PlannedServiceOut(
            id=item.pk,
            service_category=item.service_category,
            service_type=item.service_type,
            planned_count=item.planned_count,
            frequency=item.frequency,
            note=item.note or "",
        )


class DeliveredOut(Schema):
    count: int = 0
    minutes: int = 0
    last_on: date | None = None


class GoalOut(Schema):
    id: UUID
    position: int
    staff_wording: str
    survivor_words: str
    survivor_language: str
    domain: str
    service_category: str
    target_on: date | None
    status: str
    version: int
    tasks: list[TaskOut] = Field(default_factory=list)
    planned_services: list[PlannedServiceOut] = Field(default_factory=list)
    delivered: DeliveredOut = Field(default_factory=DeliveredOut)

    @staticmethod
    def of(goal: Goal, **extra: Any) -> GoalOut:
        return GoalOut(
            id=goal.pk,
            position=goal.position,
            staff_wording=goal.staff_wording or "",
            survivor_words=goal.survivor_words or "",
            survivor_language=goal.survivor_language,
            domain=goal.domain,
            service_category=goal.service_category,
            target_on=goal.target_on,
            status=goal.status,
            version=goal.version,
            **extra,
        )


class PlanVersionOut(Schema):
    id: UUID
    number: int
    reviewed_on: date
    reviewed_by_id: UUID | None
    needs_sign_off: bool
    signed_off_at: datetime | None
    signed_off_by_id: UUID | None

    @staticmethod
    def of(version: PlanVersion) -> PlanVersionOut:
        return PlanVersionOut(
            id=version.pk,
            number=version.number,
            reviewed_on=version.reviewed_on,
            reviewed_by_id=version.reviewed_by_id,
            needs_sign_off=version.needs_sign_off,
            signed_off_at=version.signed_off_at,
            signed_off_by_id=version.signed_off_by_id,
        )


class PlanOut(Schema):
    id: UUID
    case_id: UUID
    status: str
    review_every_days: int
    last_reviewed_on: date | None
    next_review_on: date | None
    review_awaiting_sign_off: bool
    version: int
    goals: list[GoalOut]
    tasks: list[TaskOut]  # stand-alone tasks on the case (steps are under their goal)
    reviews: list[PlanVersionOut]


class ProgressNoteOut(Schema):
    id: UUID
    goal_id: UUID
    text: str
    noted_on: date
    author_id: UUID | None
    status_from: str
    status_to: str

    @staticmethod
    def of(note: GoalProgressNote) -> ProgressNoteOut:
        return ProgressNoteOut(
            id=note.pk,
            goal_id=note.goal_id,
            text=note.text or "",
            noted_on=note.noted_on,
            author_id=note.author_id,
            status_from=note.status_from,
            status_to=note.status_to,
        )


class GoalIn(Schema):
    staff_wording: str = Field(max_length=TEXT_MAX_LENGTH)
    survivor_words: str = _text()
    survivor_language: str = Field(default="", max_length=10)
    domain: str = Field(default="", max_length=40)
    service_category: str = Field(default="", max_length=40)
    target_on: date | None = None
    status: GoalStatus = GoalStatus.NOT_STARTED


class PlanCreateIn(Schema):
    """Start the plan, with the goals chosen now (none is fine)."""

    goals: list[GoalIn] = Field(default_factory=list, max_length=20)


class GoalPatchIn(Schema):
    """Only the fields sent change; `version` is the one you read (409 when someone saved since)."""

    version: int
    staff_wording: str | None = Field(default=None, max_length=TEXT_MAX_LENGTH)
    survivor_words: str | None = Field(default=None, max_length=TEXT_MAX_LENGTH)
    survivor_language: str | None = Field(default=None, max_length=10)
    domain: str | None = Field(default=None, max_length=40)
    service_category: str | None = Field(default=None, max_length=40)
    target_on: date | None = None
    status: GoalStatus | None = None


class ProgressIn(Schema):
    text: str = _text()
    noted_on: date | None = None
    new_status: GoalStatus | Literal[""] = ""


class PlannedServiceIn(Schema):
    service_category: str = Field(default="", max_length=40)
    service_type: str = Field(default="", max_length=80)
    planned_count: int | None = Field(default=None, ge=1, le=actions.MAX_PLANNED_COUNT)
    frequency: PlannedFrequency | Literal[""] = ""
    note: str = _text()


class TaskIn(Schema):
    title: str = Field(max_length=TEXT_MAX_LENGTH)
    goal_id: UUID | None = None
    owner_id: UUID | None = None
    owned_by_survivor: bool = False
    due_on: date | None = None
    status: TaskStatus = TaskStatus.OPEN


class TaskPatchIn(Schema):
    version: int
    title: str | None = Field(default=None, max_length=TEXT_MAX_LENGTH)
    owner_id: UUID | None = None
    owned_by_survivor: bool | None = None
    due_on: date | None = None
    status: TaskStatus | None = None


class ReviewIn(Schema):
    version: int
    note: str = _text()
    reviewed_on: date | None = None


ALIASES = {"owner": "owner_id", "goal": "goal_id"}


def _invalid(exc: actions.PlanInputInvalid) -> ValidationError:
    """Values the schema could not check (a domain of the agency's scale, a taxonomy code, an owner):
    422 naming each field, like schema errors."""
    return ValidationError(
        [
            {"loc": ("body", "payload", *ALIASES.get(name, name).split(".")), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


def _plan_out(plan: Plan) -> PlanOut:
    page = selectors.plan_page(plan.case, plan)
    return PlanOut(
        id=plan.pk,
        case_id=plan.case_id,
        status=plan.status,
        review_every_days=plan.review_every_days,
        last_reviewed_on=plan.last_reviewed_on,
        next_review_on=plan.next_review_on,
        review_awaiting_sign_off=page.pending_review is not None,
        version=plan.version,
        goals=[
            GoalOut.of(
                row.goal,
                tasks=[TaskOut.of(t) for t in row.tasks],
                planned_services=[PlannedServiceOut.of(p.item) for p in row.planned],
                delivered=DeliveredOut(
                    count=row.delivered.count, minutes=row.delivered.minutes, last_on=row.delivered.last_on
                )
                if row.delivered
                else DeliveredOut(),
            )
            for row in page.goals
        ],
        tasks=[TaskOut.of(t) for t in page.loose_tasks],
        reviews=[PlanVersionOut.of(v) for v in page.versions],
    )


def _goal_data(payload: GoalIn) -> actions.GoalData:
    return actions.GoalData(**payload.model_dump())


def _owner(case: Any, owner_id: UUID | None) -> Any:
    if owner_id is None:
        return None
    owner = selectors.task_owner_choices(case.agency_id).filter(pk=owner_id).first()
    if owner is None:
        raise ValidationError(
            [{"loc": ("body", "payload", "owner_id"), "msg": _("Choose someone from your agency who works cases.")}]
        )
    return owner


@router.get(
    "/cases/{uuid:case_id}/plan",
    response={200: PlanOut, 403: ErrorOut, 404: ErrorOut},
    summary="The case's plan with goals, steps, planned and delivered services and reviews (audited read)",
)
def get_plan(request: HttpRequest, case_id: UUID) -> PlanOut:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id)
    plan = access.access_plan(user, case)
    plan.case = case
    return _plan_out(plan)


@router.post(
    "/cases/{uuid:case_id}/plan",
    response={201: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Start the case's plan, with the goals chosen now (400 if it already has one)",
)
def create_plan(request: HttpRequest, case_id: UUID, payload: PlanCreateIn) -> Status[PlanOut]:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    try:
        plan = actions.do_create_plan(actor=user, case=case, goals=[_goal_data(g) for g in payload.goals])
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    plan.case = case
    return Status(201, _plan_out(plan))


@router.post(
    "/cases/{uuid:case_id}/plan/goals",
    response={201: GoalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a goal (domain: one of the agency's outcome domains; service_category: a taxonomy code)",
)
def add_goal(request: HttpRequest, case_id: UUID, payload: GoalIn) -> Status[GoalOut]:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    plan = access.access_plan(user, case, for_write=True)
    try:
        goal = actions.do_add_goal(actor=user, plan=plan, data=_goal_data(payload))
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    return Status(201, GoalOut.of(goal))


@router.patch(
    "/cases/{uuid:case_id}/plan/goals/{uuid:goal_id}",
    response={200: GoalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a goal (send the version you read; 409 if it changed)",
)
def update_goal(request: HttpRequest, case_id: UUID, goal_id: UUID, payload: GoalPatchIn) -> GoalOut:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    goal = access.access_goal_by_id(user, case, goal_id, for_write=True)
    # a field sent as null is left as it is, except the target date, which null clears
    changes = {
        name: value
        for name, value in payload.model_dump(exclude_unset=True, exclude={"version"}).items()
        if value is not None or name == "target_on"
    }
    data = actions.GoalData(**{**actions.goal_data_of(goal).__dict__, **changes})
    try:
        goal = actions.do_update_goal(actor=user, goal=goal, expected_version=payload.version, data=data)
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    return GoalOut.of(goal)


@router.post(
    "/cases/{uuid:case_id}/plan/goals/{uuid:goal_id}/progress",
    response={201: ProgressNoteOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Note progress on a goal, optionally moving its status",
)
def add_progress(request: HttpRequest, case_id: UUID, goal_id: UUID, payload: ProgressIn) -> Status[ProgressNoteOut]:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    goal = access.access_goal_by_id(user, case, goal_id, for_write=True)
    try:
        note = actions.do_add_progress_note(
            actor=user, goal=goal, text=payload.text, noted_on=payload.noted_on, new_status=payload.new_status
        )
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    return Status(201, ProgressNoteOut.of(note))


@router.post(
    "/cases/{uuid:case_id}/plan/goals/{uuid:goal_id}/planned-services",
    response={201: PlannedServiceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Plan a service for a goal (a taxonomy category or type code, how many, how often)",
)
def add_planned_service(
    request: HttpRequest, case_id: UUID, goal_id: UUID, payload: PlannedServiceIn
) -> Status[PlannedServiceOut]:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    goal = access.access_goal_by_id(user, case, goal_id, for_write=True)
    try:
        item = actions.do_add_planned_service(actor=user, goal=goal, **payload.model_dump())
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    return Status(201, PlannedServiceOut.of(item))


@router.delete(
    "/cases/{uuid:case_id}/plan/goals/{uuid:goal_id}/planned-services/{uuid:item_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Take a planned service off a goal (what was delivered stays in the service log)",
)
def remove_planned_service(request: HttpRequest, case_id: UUID, goal_id: UUID, item_id: UUID) -> Status[None]:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    goal = access.access_goal_by_id(user, case, goal_id, for_write=True)
    item = selectors.planned_services_for_goal(goal).filter(pk=item_id).first()
    if item is None:
        raise Http404
    actions.do_remove_planned_service(actor=user, item=item)
    return Status(204, None)


@router.post(
    "/cases/{uuid:case_id}/plan/tasks",
    response={201: TaskOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a step of a goal (goal_id) or a stand-alone task on the case",
)
def add_task(request: HttpRequest, case_id: UUID, payload: TaskIn) -> Status[TaskOut]:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    access.access_plan(user, case, for_write=True)
    goal = access.access_goal_by_id(user, case, payload.goal_id) if payload.goal_id else None
    data = actions.TaskData(
        title=payload.title,
        owner=_owner(case, payload.owner_id),
        owned_by_survivor=payload.owned_by_survivor,
        due_on=payload.due_on,
        status=payload.status,
    )
    try:
        task = actions.do_add_task(actor=user, case=case, goal=goal, data=data)
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    return Status(201, TaskOut.of(task))


@router.patch(
    "/cases/{uuid:case_id}/plan/tasks/{uuid:task_id}",
    response={200: TaskOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a task or mark it done (send the version you read; 409 if it changed)",
)
def update_task(request: HttpRequest, case_id: UUID, task_id: UUID, payload: TaskPatchIn) -> TaskOut:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    task = access.access_task_by_id(user, case, task_id, for_write=True)
    sent = payload.model_fields_set
    current = actions.task_data_of(task)
    data = actions.TaskData(
        title=payload.title if payload.title is not None else current.title,
        owner=_owner(case, payload.owner_id) if "owner_id" in sent else current.owner,
        owned_by_survivor=payload.owned_by_survivor
        if payload.owned_by_survivor is not None
        else (False if "owner_id" in sent and payload.owner_id else current.owned_by_survivor),
        due_on=payload.due_on if "due_on" in sent else current.due_on,
        status=payload.status or current.status,
    )
    try:
        task = actions.do_update_task(actor=user, task=task, expected_version=payload.version, data=data)
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    return TaskOut.of(task)


@router.post(
    "/cases/{uuid:case_id}/plan/reviews",
    response={201: PlanVersionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Record a review of the plan: keeps a snapshot as the next version (send the plan's version)",
)
def record_review(request: HttpRequest, case_id: UUID, payload: ReviewIn) -> Status[PlanVersionOut]:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id, for_write=True)
    plan = access.access_plan(user, case, for_write=True)
    try:
        version = actions.do_record_review(
            actor=user, plan=plan, expected_version=payload.version, note=payload.note, reviewed_on=payload.reviewed_on
        )
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    return Status(201, PlanVersionOut.of(version))


@router.post(
    "/cases/{uuid:case_id}/plan/reviews/{uuid:version_id}/sign-off",
    response={200: PlanVersionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Sign off a review waiting for it (supervisors and program directors; not your own review)",
)
def sign_off_review(request: HttpRequest, case_id: UUID, version_id: UUID) -> PlanVersionOut:
    user = request_user(request)
    case = access.access_case_for_plan(user, case_id)
    version = access.access_plan_version(user, case, version_id)
    access.require_can_sign_off(user, case)
    return PlanVersionOut.of(actions.do_sign_off_review(actor=user, version=version))


class PlanPolicyOut(Schema):
    review_every_days: int = Field(description="How often each plan is reviewed")
    requires_sign_off: bool = Field(description="A supervisor or program director signs off each review")
    version: int = Field(description="0 while the agency uses the defaults (nothing saved yet)")

    @staticmethod
    def of(policy: PlanPolicy) -> PlanPolicyOut:
        return PlanPolicyOut(
            review_every_days=policy.review_every_days,
            requires_sign_off=policy.requires_sign_off,
            version=policy.version,
        )


class PlanPolicyIn(Schema):
    """Both settings; each plan picks up the interval at its next review."""

    version: int = Field(description="The version you read (0 for the defaults); 409 if it changed")
    review_every_days: int = Field(description=f"{MIN_REVIEW_EVERY_DAYS} to {MAX_REVIEW_EVERY_DAYS}")
    requires_sign_off: bool


def _plan_policy_agency(request: HttpRequest) -> Any:
    user = request_user(request)
    access.require_plan_policy_manager(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — require_plan_policy_manager refuses users without one
    return membership.agency


@router.get(
    "/plan-policy",
    response={200: PlanPolicyOut, 403: ErrorOut},
    summary="Your agency's plan reviews (interval, sign-off): agency admins and program directors",
)
def get_plan_policy(request: HttpRequest) -> PlanPolicyOut:
    agency = _plan_policy_agency(request)
    return PlanPolicyOut.of(selectors.plan_policy_for(agency.pk))


@router.put(
    "/plan-policy",
    response={200: PlanPolicyOut, 403: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the plan reviews; 422 naming the field on a bad interval, 409 on a stale version",
)
def put_plan_policy(request: HttpRequest, payload: PlanPolicyIn) -> PlanPolicyOut:
    agency = _plan_policy_agency(request)
    try:
        policy = actions.do_set_plan_policy(
            actor=request_user(request),
            agency=agency,
            review_every_days=payload.review_every_days,
            requires_sign_off=payload.requires_sign_off,
            expected_version=payload.version,
        )
    except actions.PlanInputInvalid as exc:
        raise _invalid(exc) from exc
    return PlanPolicyOut.of(policy)
