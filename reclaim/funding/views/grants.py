"""Grants and funders: agency admins and program directors keep the agency's funders, add, edit and
deactivate grants that services are charged to, and keep each grant's budget lines on its page."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.funding import access, actions
from reclaim.funding.forms import BudgetLineForm, FunderForm, GrantActiveForm, GrantEditForm, GrantForm
from reclaim.funding.selectors import budget_lines, funders_for_agency, grants_for_agency
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.funding.models import Grant


def category_choices() -> list[tuple[str, str]]:
    return [(category.code, category.display_label) for category in categories()]


def funder_choices(agency_id: Any) -> list[tuple[str, str]]:
    return [(str(funder.pk), funder.name) for funder in funders_for_agency(agency_id)]


def grant_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_grant_manager(user)
    labels = dict(category_choices())
    return render(
        request,
        "funding/grant_list.html",
        {"grants": grants_for_agency(agency.pk, active_only=False).order_by("-is_active", "name"), "labels": labels},
    )


@require_http_methods(["GET", "POST"])
def grant_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_grant_manager(user)
    choices = category_choices()
    form = GrantForm(request.POST or None, category_choices=choices, funder_choices=funder_choices(agency.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_create_grant(
                actor=user, agency=agency, values=form.values(), known_categories=[code for code, _l in choices]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Grant added."))
            return redirect("funding:list")
    return render(request, "funding/grant_form.html", {"form": form, "grant": None})


def _initial(grant: Grant) -> dict[str, Any]:
    return {name: getattr(grant, name) for name in actions.EDITABLE} | {"version": grant.version}


def _grant_page(request: HttpRequest, grant: Grant, **context: Any) -> HttpResponse:
    """The grant's page: its form, its budget lines with their sum against the award (a warning, never a
    block, when the lines add up to more), and links to its costs and burn-down."""
    lines = list(budget_lines(grant))
    budgeted = sum((line.amount for line in lines), Decimal(0))
    return render(
        request,
        "funding/grant_form.html",
        {
            "grant": grant,
            "lines": lines,
            "budgeted": budgeted,
            "over_award": grant.amount_awarded is not None and budgeted > grant.amount_awarded,
            "line_form": context.pop("line_form", None) or BudgetLineForm(),
            "labels": dict(category_choices()),
            "active_form": GrantActiveForm(initial={"version": grant.version}),
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
def grant_edit(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    user = request_user(request)
    agency = access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    choices = category_choices()
    funders = funder_choices(agency.pk)
    form = GrantEditForm(
        request.POST or None, initial=_initial(grant), category_choices=choices, funder_choices=funders
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_grant(
                actor=user,
                grant=grant,
                expected_version=form.cleaned_data["version"],
                values=form.values(),
                known_categories=[code for code, _l in choices],
            )
        except EditConflict:
            grant = access.access_grant_by_id(user, grant_id)
            data = request.POST.copy()
            data["version"] = str(grant.version)
            form = GrantEditForm(data, initial=_initial(grant), category_choices=choices, funder_choices=funders)
            conflict = True
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Grant saved."))
            return redirect("funding:list")
    return _grant_page(request, grant, form=form, conflict=conflict)


@require_POST
def grant_set_active(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    """Deactivate a grant in use, or bring back one that was deactivated."""
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    form = GrantActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The grant could not be changed. Try again."))
        return redirect("funding:edit", grant_id=grant.pk)
    try:
        grant = actions.do_set_grant_active(
            actor=user, grant=grant, expected_version=form.cleaned_data["version"], active=not grant.is_active
        )
    except EditConflict:
        messages.error(request, _("Someone else changed this grant meanwhile. Look at it again, then decide."))
        return redirect("funding:edit", grant_id=grant.pk)
    if grant.is_active:
        messages.success(request, _("Grant in use again."))
    else:
        messages.success(request, _("Grant deactivated. Services already charged to it keep it."))
    return redirect("funding:list")


def funders(request: HttpRequest) -> HttpResponse:
    agency = access.require_grant_manager(request_user(request))
    return render(request, "funding/funder_list.html", {"funders": funders_for_agency(agency.pk)})


@require_http_methods(["GET", "POST"])
def funder_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_grant_manager(user)
    form = FunderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_create_funder(actor=user, agency=agency, values=form.values())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Funder added."))
            return redirect("funding:funders")
    return render(request, "funding/funder_form.html", {"form": form, "funder": None})


@require_http_methods(["GET", "POST"])
def funder_edit(request: HttpRequest, funder_id: UUID) -> HttpResponse:
    user = request_user(request)
    funder = access.access_funder_by_id(user, funder_id, for_write=True)
    initial = {
        "name": funder.name,
        "kind": funder.kind,
        "contact_notes": funder.contact_notes,
        "version": funder.version,
    }
    form = FunderForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_funder(
                actor=user, funder=funder, expected_version=form.cleaned_data["version"] or 0, values=form.values()
            )
        except EditConflict:
            funder = access.access_funder_by_id(user, funder_id)
            data = request.POST.copy()
            data["version"] = str(funder.version)
            form, conflict = FunderForm(data), True
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Funder saved."))
            return redirect("funding:funders")
    return render(request, "funding/funder_form.html", {"form": form, "funder": funder, "conflict": conflict})
