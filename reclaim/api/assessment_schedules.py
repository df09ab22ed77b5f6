"""Reassessment schedules (DOMAIN.md §6.2): what is due or overdue on the caller's caseload (case numbers,
never names), and the agency's plans for agency admins and program directors."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.assessments import access, schedule_actions, schedule_selectors

router = Router(tags=["assessments"])


class DueOut(Schema):
    case_id: UUID
    case_number: str
    instrument: str = Field(description='An instrument code, or "outcomes" for the outcome-domain rating')
    instrument_name: str
    due_on: date
    overdue: bool


class AssessmentPlanOut(Schema):
    instrument: str
    name: str
    first_months: list[int]
    then_every_months: int | None
    active_plan_every_months: int | None
    active: bool
    version: int = Field(description="0 while the agency follows Reclaim's default; send it back on PUT")
    is_default: bool

    @staticmethod
    def build(view: schedule_selectors.PlanView) -> AssessmentPlanOut:
        return AssessmentPlanOut(
            instrument=view.code,
            name=view.name,
            first_months=list(view.first_months),
            then_every_months=view.then_every_months,
            active_plan_every_months=view.active_plan_every_months,
            active=view.active,
            version=view.version,
            is_default=view.is_default,
        )


class PlanIn(Schema):
    first_months: list[int] = Field(max_length=schedule_actions.MAX_FIRST_ASSESSMENTS)
    then_every_months: int | None = None
    active_plan_every_months: int | None = None
    active: bool = True
    version: int


@router.get(
    "/assessments/due",
    response={200: Page[DueOut], 403: ErrorOut},
    summary="Reassessments overdue or due within 14 days on the open cases you can see, overdue first",
)
def due(request: HttpRequest, page: Query[PageQuery], overdue_only: bool = False) -> dict[str, Any]:
    user = request_user(request)
    access.require_due_list_reader(user)
    return paginate(
        schedule_selectors.due_assessment_rows(user, overdue_only=overdue_only),
        page,
        lambda row: DueOut(
            case_id=row.case_id,
            case_number=row.case_number,
            instrument=row.instrument_code,
            instrument_name=row.name,
            due_on=row.due_on,
            overdue=row.overdue,
        ),
        scope="assessments-due",
    )


@router.get(
    "/assessment-plans",
    response={200: list[AssessmentPlanOut], 403: ErrorOut},
    summary="Your agency's reassessment plans (its own, or Reclaim's default): agency admins and directors",
)
def list_plans(request: HttpRequest) -> list[AssessmentPlanOut]:
    membership = access.require_plan_manager(request_user(request))
    return [AssessmentPlanOut.build(view) for view in schedule_selectors.plans_for_agency(membership.agency_id)]


@router.put(
    "/assessment-plans/{code}",
    response={200: AssessmentPlanOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the plan for one instrument code (or outcomes); 422 naming the setting, 409 on a stale version",
)
def put_plan(request: HttpRequest, code: str, payload: PlanIn) -> Status[Any] | AssessmentPlanOut:
    user = request_user(request)
    membership = access.require_plan_manager(user)
    if schedule_selectors.plan_for_code(membership.agency_id, code) is None:
        raise Http404
    try:
        schedule_actions.do_set_assessment_plan(
            actor=user,
            agency=membership.agency,
            code=code,
            first_months=payload.first_months,
            then_every_months=payload.then_every_months,
            active_plan_every_months=payload.active_plan_every_months,
            active=payload.active,
            expected_version=payload.version,
        )
    except schedule_actions.InvalidPlan as exc:
        return Status(422, ErrorOut(code=exc.code, message=exc.message, fields=exc.fields))
    view = schedule_selectors.plan_for_code(membership.agency_id, code)
    assert view is not None  # noqa: S101 — it was just saved
    return AssessmentPlanOut.build(view)
