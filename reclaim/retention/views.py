"""Retention pages: the policy and the purge preview, legal holds, erasure requests. Each view is access ->
validate -> action -> respond; the rules live in access.py and actions.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.core.paging import counted_page
from reclaim.retention import access, actions, selectors
from reclaim.retention.forms import (
    ErasureDecisionForm,
    ErasureRequestForm,
    HoldByNumberForm,
    HoldForm,
    LiftHoldForm,
    RetentionPolicyForm,
)

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

HOLDS_PAGE_SIZE = 50  # active holds on one page of the legal holds list
ERASURE_PAGE_SIZE = 50  # requests on one page of the erasure request list


@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_retention_manager(user)
    current = selectors.policy_for(agency.pk)
    initial = {
        "version": current.version,
        "case_months": current.case_months,
        "document_months": current.document_months,
    }
    form = RetentionPolicyForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_retention_policy(
                actor=user,
                agency=agency,
                case_months=form.cleaned_data["case_months"],
                document_months=form.cleaned_data["document_months"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
            current = selectors.policy_for(agency.pk)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = RetentionPolicyForm(data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Retention policy saved. The next purge uses it."))
            return redirect("retention:policy")
    return render(request, "retention/policy.html", {"form": form, "policy": current, "conflict": conflict})


@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    """The dry run: what the next purge would remove in the admin's agency (counts only)."""
    agency = access.require_retention_manager(request_user(request))
    return render(request, "retention/preview.html", {"preview": selectors.preview_for(agency.pk)})


@require_http_methods(["GET", "POST"])
def holds(request: HttpRequest) -> HttpResponse:
    """The agency's active holds; the admin places one by case number (they see no case records)."""
    user = request_user(request)
    agency = access.require_retention_manager(user)
    form = HoldByNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = selectors.case_by_number(agency.pk, form.cleaned_data["case_number"])
        if case is None:
            form.add_error("case_number", _("No case of your agency has this number."))
        else:
            try:
                actions.do_place_legal_hold(actor=user, case=case, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Legal hold placed."))
                return redirect("retention:holds")
    # a page at a time, newest first, counted in the page's own statement (an agency may hold thousands of cases)
    page = counted_page(selectors.active_holds_for_admin(user), request.GET.get("page"), HOLDS_PAGE_SIZE)
    context = {"holds": page.object_list, "page": page, "form": form, "lift_form": LiftHoldForm()}
    return render(request, "retention/holds.html", context)


@require_http_methods(["GET", "POST"])
def case_holds(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A case's holds and, for the legal team, the form to place one."""
    user = request_user(request)
    case = access.access_case_for_holds(user, case_id, for_write=request.method == "POST")
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_place_legal_hold(actor=user, case=case, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Legal hold placed."))
            return redirect("retention:case_holds", case_id=case.pk)
    context = {
        "case": case,
        "holds": list(selectors.holds_on_case(case)),
        "reasons": selectors.hold_reasons([case.pk]).get(case.pk, []),
        "form": form,
        "lift_form": LiftHoldForm(),
        "can_place": access.can_place_holds(user),
        "pending_erasure": selectors.pending_erasure_for(case.survivor_id),
    }
    return render(request, "retention/case_holds.html", context)


@require_POST
def lift_hold(request: HttpRequest, hold_id: UUID) -> HttpResponse:
    user = request_user(request)
    hold = access.access_hold_for_lift(user, hold_id)
    form = LiftHoldForm(request.POST)
    if form.is_valid():
        try:
            actions.do_lift_legal_hold(actor=user, hold=hold, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Legal hold lifted."))
    else:
        messages.error(request, _("Give a reason for lifting the hold."))
    if access.can_manage_retention(user):
        return redirect("retention:holds")
    return redirect("retention:case_holds", case_id=hold.case_id)


@require_http_methods(["GET", "POST"])
def erasure_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Record a survivor's request to be forgotten, from one of their cases."""
    user = request_user(request)
    case = access.access_case_for_erasure(user, case_id, for_write=request.method == "POST")
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_erasure_request(actor=user, survivor=case.survivor, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Request recorded. The agency admin decides on it."))
            return redirect("retention:case_holds", case_id=case.pk)
    return render(request, "retention/erasure_new.html", {"case": case, "form": form})


@require_GET
def erasure_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_retention_manager(user)
    # a page at a time, waiting ones first, counted in the page's own statement
    page = counted_page(selectors.erasure_requests_for_admin(user), request.GET.get("page"), ERASURE_PAGE_SIZE)
    requests = page.object_list
    blocked = selectors.blocked_survivor_ids(
        [r.survivor_id for r in requests if r.survivor_id and r.status == "pending"]
    )
    context = {"requests": requests, "page": page, "blocked": blocked}
    return render(request, "retention/erasure_list.html", context)


@require_POST
def erasure_decide(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = request_user(request)
    erasure = access.access_erasure_request(user, request_id, for_write=True)
    form = ErasureDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("retention:erasure_list")
    try:
        actions.do_decide_erasure_request(
            actor=user,
            request=erasure,
            approve=form.cleaned_data["approve"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("retention:erasure_list")
