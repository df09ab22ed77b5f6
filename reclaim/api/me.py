"""The signed-in user: who they are, and their one task list (the "Tasks" page)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from reclaim.accounts import actions
from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.api.pagination import Page, PageQuery, list_window, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.cases.tasklist import TaskItem, TaskPages, When

router = Router(tags=["me"])


class CapabilitiesOut(Schema):
    case_scope: str
    edits_cases: bool
    sees_clinical: bool
    sees_legal: bool
    manages_staff: bool
    views_audit: bool
    views_aggregates: bool


class MeOut(Schema):
    id: UUID
    display_name: str
    email: str
    agency_id: UUID | None
    agency_name: str | None
    role: str | None
    is_platform_operator: bool
    language: str = Field(description='The interface language chosen ("en", "es", "fr", "ar"); "" follows the browser')
    capabilities: CapabilitiesOut


@router.get("/me", response=MeOut, summary="The signed-in user, their agency, role and capabilities")
def me(request: HttpRequest) -> MeOut:
    return _me_out(request_user(request))


class LanguageIn(Schema):
    language: str = Field(max_length=10, description='"en", "es", "fr", "ar", or "" to follow the browser')


@router.put(
    "/me/language",
    response={200: MeOut, 422: ErrorOut},
    summary="Choose your interface language (the Your settings page); audited when it changes",
)
def set_language(request: HttpRequest, payload: LanguageIn) -> MeOut:
    user = actions.do_set_language(actor=request_user(request), language=payload.language)
    return _me_out(user)


def _me_out(user: Any) -> MeOut:
    membership = active_membership(user)
    caps = capabilities(user)
    return MeOut(
        id=user.pk,
        display_name=user.display_name,
        email=user.email,
        agency_id=membership.agency_id if membership else None,
        agency_name=membership.agency.name if membership else None,
        role=membership.role if membership else None,
        is_platform_operator=user.is_platform_operator,
        language=user.language,
        capabilities=CapabilitiesOut(
            case_scope=str(caps.case_scope),
            edits_cases=caps.edits_cases,
            sees_clinical=caps.sees_clinical,
            sees_legal=caps.sees_legal,
            manages_staff=caps.manages_staff,
            views_audit=caps.views_audit,
            views_aggregates=caps.views_aggregates,
        ),
    )


class MyTaskOut(Schema):
    source: str = Field(description="The module that asks: plan_step, follow_up, appointment, …")
    kind: str = Field(description="The label the task page shows for the source, in the caller's language")
    title: str = Field(description="What needs doing (may name the case number)")
    link: str = Field(description="The page where it is done (a path of the staff site)")
    due: date | None
    case_number: str
    urgent: bool
    overdue: bool
    when: When = Field(description="The task page's group: overdue, today, week (next seven days), later, undated")

    @staticmethod
    def of(item: TaskItem, today: date) -> MyTaskOut:
        return MyTaskOut(
            source=item.source,
            kind=str(item.kind),
            title=str(item.title),
            link=item.url,
            due=item.due,
            case_number=item.case_number,
            urgent=item.urgent,
            overdue=item.is_overdue(today),
            when=item.when(today),
        )


class MyTasksQuery(PageQuery):
    when: When | None = Field(default=None, description="Only this group of the task page")


@router.get(
    "/me/tasks",
    response={200: Page[MyTaskOut], 422: ErrorOut},
    summary="Your task list from every module, urgent first, then by due date (the Tasks page)",
)
def my_tasks(request: HttpRequest, query: Query[MyTasksQuery]) -> dict[str, Any]:
    today = timezone.localdate()
    user = request_user(request)
    tasks = TaskPages(user, today)
    items: list[TaskItem] | TaskPages = tasks  # read only as far as the page: paginate asks for one item past it
    if query.when is not None:  # one group: the page's items up to one past its end, read as far as needed
        offset, limit = list_window(query, scope=f"me.tasks|{query.when}")
        items = tasks.first_where(lambda item: item.when(today) == query.when, offset + limit + 1)
    return paginate(items, query, lambda item: MyTaskOut.of(item, today), scope=f"me.tasks|{query.when or ''}")
