"""Budget lines, staff time, direct costs and in-kind contributions: agency admins and program directors
record and correct them (staff time is staff pay, so only they see it). A refused entry shows its field
errors and saves nothing; a stale correction shows the conflict with the values saved now."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.paging import counted_page
from reclaim.funding import access, actions
from reclaim.funding.forms import BudgetLineForm, DirectCostForm, GrantEditForm, InKindForm, StaffTimeForm
from reclaim.funding.selectors import (
    agency_staff,
    budget_lines,
    direct_costs_for_agency,
    directory_organizations,
    grants_for_agency,
    in_kind_for_agency,
    staff_time_for_agency,
)
from reclaim.funding.views.grants import _grant_page, _initial, category_choices, funder_choices

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from django.forms import Form
    from django.http import HttpRequest, HttpResponse

    from reclaim.funding.models import Grant

PAGE_SIZE = 50  # rows on one page of the staff time, direct cost and in-kind lists


def _line_choices(grant: Grant) -> list[tuple[str, str]]:
    return [(str(line.pk), str(line)) for line in budget_lines(grant)]


def _save_or_conflict(
    request: HttpRequest,
    form: Form,
    save: Callable[[int], Any],
    reload_version: Callable[[], int],
) -> tuple[bool, bool]:
    """(saved, conflict): run the action; on a stale version keep the person's values on the current version."""
    try:
        save(form.cleaned_data.get("version") or 0)
    except EditConflict:
        data = request.POST.copy()
        data["version"] = str(reload_version())
        form.data = data
        return False, True
    except DomainError as exc:
        add_domain_errors(form, exc)
        return False, False
    return True, False


def _row_page(
    request: HttpRequest, form: Form, grant: Grant | None, row: Any, *, conflict: bool, what: str
) -> HttpResponse:
    """The correction form of one row; after a conflict, the values saved now beside it."""
    current = []
    if conflict:
        for name, bound in form.fields.items():
            if name == "version":
                continue
            value = getattr(row, name.removesuffix("_id"), None) if name.endswith("_id") else getattr(row, name, None)
            current.append((bound.label, "" if value is None else str(value)))
    return render(
        request,
        "funding/row_form.html",
        {"form": form, "grant": grant, "row": row, "conflict": conflict, "what": what, "current": current},
    )


@require_http_methods(["POST"])
def budget_line_add(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_budget_line(actor=user, grant=grant, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Budget line added."))
            return redirect("funding:edit", grant_id=grant.pk)
    grant_form = GrantEditForm(
        initial=_initial(grant), category_choices=category_choices(), funder_choices=funder_choices(grant.agency_id)
    )
    return _grant_page(request, grant, form=grant_form, line_form=form)


@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, grant_id: UUID, line_id: UUID) -> HttpResponse:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    line = access.access_budget_line_by_id(user, grant, line_id, for_write=True)
    initial = {"category": line.category, "label": line.label, "amount": line.amount, "version": line.version}
    form = BudgetLineForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        saved, conflict = _save_or_conflict(
            request,
            form,
            lambda version: actions.do_update_budget_line(
                actor=user, line=line, expected_version=version, values=form.values()
            ),
            lambda: access.access_budget_line_by_id(user, grant, line_id).version,
        )
        if saved:
            messages.success(request, _("Budget line saved."))
            return redirect("funding:edit", grant_id=grant.pk)
    if conflict:
        line = access.access_budget_line_by_id(user, grant, line_id)
    return _row_page(request, form, grant, line, conflict=conflict, what=_("budget line"))


@require_http_methods(["GET", "POST"])
def staff_time(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    """The grant's staff time (staff pay: admins and directors only), newest first, a page at a time, and a form
    to add hours."""
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    staff = [(str(person.pk), str(person)) for person in agency_staff(grant.agency_id)]
    form = StaffTimeForm(request.POST or None, staff=staff, lines=_line_choices(grant))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_staff_time(
                actor=user,
                grant=grant,
                values=form.values(),
                staff_ids=[person.pk for person in agency_staff(grant.agency_id)],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Staff time recorded."))
            return redirect("funding:staff_time", grant_id=grant.pk)
    rows = staff_time_for_agency(grant.agency_id).filter(grant=grant).order_by("-worked_on", "-created_at", "-pk")
    page = counted_page(rows, request.GET.get("page"), PAGE_SIZE)
    return render(
        request, "funding/staff_time.html", {"grant": grant, "rows": page.object_list, "page": page, "form": form}
    )


@require_http_methods(["GET", "POST"])
def staff_time_edit(request: HttpRequest, row_id: UUID) -> HttpResponse:
    user = request_user(request)
    row = access.access_staff_time_by_id(user, row_id, for_write=True)
    people = list(agency_staff(row.agency_id))
    initial = {
        "staff_id": row.staff_id,
        "worked_on": row.worked_on,
        "hours": row.hours,
        "hourly_cost": row.hourly_cost,
        "budget_line_id": row.budget_line_id,
        "version": row.version,
    }
    form = StaffTimeForm(
        request.POST or None,
        initial=initial,
        staff=[(str(person.pk), str(person)) for person in people],
        lines=_line_choices(row.grant),
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        saved, conflict = _save_or_conflict(
            request,
            form,
            lambda version: actions.do_update_staff_time(
                actor=user,
                row=row,
                expected_version=version,
                values=form.values(),
                staff_ids=[person.pk for person in people],
            ),
            lambda: access.access_staff_time_by_id(user, row_id).version,
        )
        if saved:
            messages.success(request, _("Staff time saved."))
            return redirect("funding:staff_time", grant_id=row.grant_id)
    if conflict:
        row = access.access_staff_time_by_id(user, row_id)
    return _row_page(request, form, row.grant, row, conflict=conflict, what=_("staff time"))


@require_http_methods(["GET", "POST"])
def direct_costs(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    categories = category_choices()
    form = DirectCostForm(request.POST or None, categories=categories, lines=_line_choices(grant))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_direct_cost(
                actor=user, grant=grant, values=form.values(), known_categories=[code for code, _l in categories]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Cost recorded."))
            return redirect("funding:direct_costs", grant_id=grant.pk)
    rows = direct_costs_for_agency(grant.agency_id).filter(grant=grant).order_by("-spent_on", "-created_at", "-pk")
    page = counted_page(rows, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "funding/direct_costs.html",
        {"grant": grant, "rows": page.object_list, "page": page, "form": form, "labels": dict(categories)},
    )


@require_http_methods(["GET", "POST"])
def direct_cost_edit(request: HttpRequest, row_id: UUID) -> HttpResponse:
    user = request_user(request)
    row = access.access_direct_cost_by_id(user, row_id, for_write=True)
    categories = category_choices()
    initial = {
        "spent_on": row.spent_on,
        "amount": row.amount,
        "description": row.description,
        "service_category": row.service_category,
        "budget_line_id": row.budget_line_id,
        "version": row.version,
    }
    form = DirectCostForm(request.POST or None, initial=initial, categories=categories, lines=_line_choices(row.grant))
    conflict = False
    if request.method == "POST" and form.is_valid():
        saved, conflict = _save_or_conflict(
            request,
            form,
            lambda version: actions.do_update_direct_cost(
                actor=user,
                row=row,
                expected_version=version,
                values=form.values(),
                known_categories=[code for code, _l in categories],
            ),
            lambda: access.access_direct_cost_by_id(user, row_id).version,
        )
        if saved:
            messages.success(request, _("Cost saved."))
            return redirect("funding:direct_costs", grant_id=row.grant_id)
    if conflict:
        row = access.access_direct_cost_by_id(user, row_id)
    return _row_page(request, form, row.grant, row, conflict=conflict, what=_("cost"))


def _in_kind_choices(agency_id: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    grants = [(str(grant.pk), grant.name) for grant in grants_for_agency(agency_id, active_only=False)]
    organizations = [(str(org.pk), org.name) for org in directory_organizations()]
    return grants, organizations


@require_http_methods(["GET", "POST"])
def in_kind(request: HttpRequest) -> HttpResponse:
    """The agency's in-kind contributions, valued, newest first, a page at a time, and a form to record one."""
    user = request_user(request)
    agency = access.require_grant_manager(user)
    grants, organizations = _in_kind_choices(agency.pk)
    form = InKindForm(request.POST or None, grants=grants, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_in_kind(
                actor=user,
                agency=agency,
                values=form.values(),
                organization_ids=[org.pk for org in directory_organizations()],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Contribution recorded."))
            return redirect("funding:in_kind")
    rows = in_kind_for_agency(agency.pk).order_by("-received_on", "-created_at", "-pk")
    page = counted_page(rows, request.GET.get("page"), PAGE_SIZE)
    return render(request, "funding/in_kind.html", {"rows": page.object_list, "page": page, "form": form})


@require_http_methods(["GET", "POST"])
def in_kind_edit(request: HttpRequest, row_id: UUID) -> HttpResponse:
    user = request_user(request)
    row = access.access_in_kind_by_id(user, row_id, for_write=True)
    grants, organizations = _in_kind_choices(row.agency_id)
    initial = {
        name: getattr(row, name)
        for name in (
            "kind",
            "received_on",
            "quantity",
            "unit",
            "value",
            "valuation_note",
            "grant_id",
            "organization_id",
        )
    } | {"version": row.version}
    form = InKindForm(request.POST or None, initial=initial, grants=grants, organizations=organizations)
    conflict = False
    if request.method == "POST" and form.is_valid():
        saved, conflict = _save_or_conflict(
            request,
            form,
            lambda version: actions.do_update_in_kind(
                actor=user,
                row=row,
                expected_version=version,
                values=form.values(),
                organization_ids=[org.pk for org in directory_organizations()],
            ),
            lambda: access.access_in_kind_by_id(user, row_id).version,
        )
        if saved:
            messages.success(request, _("Contribution saved."))
            return redirect("funding:in_kind")
    if conflict:
        row = access.access_in_kind_by_id(user, row_id)
    return _row_page(request, form, None, row, conflict=conflict, what=_("contribution"))
