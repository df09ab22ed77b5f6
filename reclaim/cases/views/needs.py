"""The "Immediate needs" tab: the stabilisation checklist, one form per row, with the conflict screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from reclaim.accounts.http import request_user
from reclaim.cases import access, actions, selectors
from reclaim.cases.forms import NeedForm, ScreeningForm
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, ImmediateNeed


def _staff_for(staff: list[User], need: ImmediateNeed) -> list[User]:
    """Who may be chosen; whoever handles the need now stays a choice even after a change of role."""
    if need.handled_by is not None and need.handled_by not in staff:
        return [*staff, need.handled_by]
    return staff


def _form_for(staff: list[User], need: ImmediateNeed) -> NeedForm:
    return NeedForm(
        staff=_staff_for(staff, need),
        prefix=need.need,
        initial={
            "status": need.status,
            "urgent": need.urgent,
            "handled_by": str(need.handled_by_id or ""),
            "details": need.details or "",
            "version": need.version,
        },
    )


def _needs_context(
    user: User,
    case: Case,
    *,
    bound: NeedForm | None = None,
    bound_id: Any = None,
    conflict: EditConflict | None = None,
    screening_form: ScreeningForm | None = None,
) -> dict[str, Any]:
    can_edit = access.can_edit_case(user, case)
    staff = list(selectors.assignable_staff(user)) if can_edit else []
    rows = []
    for need in selectors.needs_for_case(case):
        form = None
        if can_edit:
            form = bound if bound is not None and need.pk == bound_id else _form_for(staff, need)
        rows.append({"need": need, "form": form, "conflict": conflict if need.pk == bound_id else None})
    return {
        "case": case,
        "tab": "needs",
        "rows": rows,
        "can_edit": can_edit,
        "screenings": list(selectors.screenings_for_case(case)[:50]),
        "screening_form": screening_form or ScreeningForm(),
    }


def case_needs(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    return render(request, "cases/case_needs.html", _needs_context(user, case))


@sensitive_post_parameters()
@require_POST
def case_need_update(request: HttpRequest, case_id: UUID, need_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    need = access.access_need(case, need_id)
    staff = _staff_for(list(selectors.assignable_staff(user)), need)
    form = NeedForm(request.POST, staff=staff, prefix=need.need)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_need(
                actor=user,
                need=need,
                expected_version=data["version"],
                status=data["status"],
                urgent=data["urgent"],
                handled_by=data["handled_by"],
                details=data["details"],
            )
        except EditConflict as exc:
            conflict = exc
            # keep what this person typed, now against the current version, so they can compare and resave
            post = request.POST.copy()
            post[form.add_prefix("version")] = str(exc.current_version)
            form = NeedForm(post, staff=staff, prefix=need.need)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(need)s updated.") % {"need": need.get_need_display()})
            return redirect("cases:needs", case_id=case.pk)
    return render(
        request, "cases/case_needs.html", _needs_context(user, case, bound=form, bound_id=need.pk, conflict=conflict)
    )


@sensitive_post_parameters("indicators")
@require_POST
def case_record_screening(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    form = ScreeningForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_screening(actor=user, case=case, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Screening recorded."))
            return redirect("cases:needs", case_id=case.pk)
    return render(request, "cases/case_needs.html", _needs_context(user, case, screening_form=form))
