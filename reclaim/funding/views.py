"""The funding-source list (a placeholder until the funding issue): agency admins and program directors add,
edit and deactivate grants that services are charged to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.funding import access, actions
from reclaim.funding.forms import GrantActiveForm, GrantEditForm, GrantForm
from reclaim.funding.selectors import grants_for_agency
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.funding.models import Grant


def category_choices() -> list[tuple[str, str]]:
    return [(category.code, category.label) for category in categories()]


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
    form = GrantForm(request.POST or None, category_choices=choices)
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


@require_http_methods(["GET", "POST"])
def grant_edit(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    choices = category_choices()
    form = GrantEditForm(request.POST or None, initial=_initial(grant), category_choices=choices)
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
            form, conflict = GrantEditForm(data, initial=_initial(grant), category_choices=choices), True
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Grant saved."))
            return redirect("funding:list")
    return render(
        request,
        "funding/grant_form.html",
        {
            "form": form,
            "grant": grant,
            "conflict": conflict,
            "labels": dict(choices),
            "active_form": GrantActiveForm(initial={"version": grant.version}),
        },
    )


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
