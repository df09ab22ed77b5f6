"""Reassessment schedules (DOMAIN.md §6.2): the "Assessments due" list for the user's caseload (a
supervisor's team, a director's agency), and the agency's plans for agency admins and program directors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reclaim.accounts.http import request_user
from reclaim.assessments import access, schedule_actions, schedule_selectors
from reclaim.assessments.schedule_forms import AssessmentPlanForm
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.paging import page_of_known_count

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from reclaim.assessments.schedule_selectors import PlanView


def due_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_due_list_reader(user)
    overdue_only = request.GET.get("overdue") == "1"
    rows = schedule_selectors.due_assessment_rows(user, overdue_only=overdue_only)
    total, overdue_total = schedule_selectors.due_totals(rows)
    # the totals are counted already: the page is numbered from them and reads only its own rows
    page = page_of_known_count(
        total,
        request.GET.get("page"),
        schedule_selectors.DUE_PAGE_SIZE,
        lambda offset, limit: schedule_selectors.due_items(rows, limit=limit, offset=offset),
    )
    return render(
        request,
        "assessments/due.html",
        {
            "items": page.object_list,
            "page": page,
            "query": "overdue=1" if overdue_only else "",
            "total": total,
            "overdue_total": overdue_total,
            "overdue_only": overdue_only,
            "soon_days": schedule_selectors.DUE_SOON_DAYS,
        },
    )


def plan_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    membership = access.require_plan_manager(user)
    return render(
        request, "assessments/plans.html", {"plans": schedule_selectors.plans_for_agency(membership.agency_id)}
    )


def _initial(view: PlanView) -> dict[str, object]:
    return {
        "version": view.version,
        "active": view.active,
        "first_months": ", ".join(str(m) for m in view.first_months),
        "then_every_months": view.then_every_months,
        "active_plan_every_months": view.active_plan_every_months,
    }


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    membership = access.require_plan_manager(user)
    view = schedule_selectors.plan_for_code(membership.agency_id, code)
    if view is None:
        raise Http404
    form = AssessmentPlanForm(request.POST or None, initial=_initial(view))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schedule_actions.do_set_assessment_plan(
                actor=user,
                agency=membership.agency,
                code=view.code,
                first_months=data["first_months"],
                then_every_months=data["then_every_months"],
                active_plan_every_months=data["active_plan_every_months"],
                active=data["active"],
                expected_version=data["version"],
            )
        except EditConflict as exc:
            conflict = exc
            view = schedule_selectors.plan_for_code(membership.agency_id, code) or view
            posted = request.POST.copy()
            posted["version"] = str(view.version)
            form = AssessmentPlanForm(posted)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Plan saved. Due dates follow it from now on."))
            return redirect("assessments:plans")
    return render(request, "assessments/plan_edit.html", {"form": form, "plan": view, "conflict": conflict})
