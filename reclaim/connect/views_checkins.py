"""Staff page: a case's portal check-ins, urgent ones to acknowledge first (case readers see, editors act)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.cases.selectors import cases_for_user
from reclaim.connect import access, checkin_actions, checkin_selectors, selectors
from reclaim.connect.talk_forms import AcknowledgeForm
from reclaim.connect.task_sources import alert_wording, safe_contact_wording
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.connect.models import CheckIn


def _page(request: HttpRequest, user: User, case: Case, *, status: int = 200, **extra: Any) -> HttpResponse:
    rows = checkin_selectors.check_ins_for_case(case)
    account = selectors.account_for_case(case)
    schedule = checkin_selectors.schedule_for_account(account) if account else None
    forms = extra.pop("forms", {})
    open_alerts = [
        (row, forms.get(row.pk) or AcknowledgeForm(initial={"version": row.version}, prefix=str(row.pk)))
        for row in rows
        if row.is_open_alert
    ]
    context = {
        "case": case,
        "tab": "portal",
        "account": account,
        "check_ins": rows,
        "open_alerts": open_alerts,
        "schedule": schedule,
        "next_due": checkin_selectors.due_on(schedule) if schedule and schedule.every_days else None,
        "can_edit": can_edit_case(user, case),
        **extra,
    }
    return render(request, "connect/case_checkins.html", context, status=status)


@require_GET
def case_checkins(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    return _page(request, user, case)


def _acknowledged(request: HttpRequest, user: User, row: CheckIn, form: AcknowledgeForm) -> bool:
    """Acknowledge the check-in from the posted form; False (with the errors on the form) when refused."""
    if not form.is_valid():
        return False
    try:
        checkin_actions.do_acknowledge_check_in(
            actor=user,
            check_in=row,
            action_taken=form.cleaned_data["action_taken"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict:
        form.add_error(None, _("Someone acknowledged or changed this check-in while you were writing."))
    except DomainError as exc:
        add_domain_errors(form, exc)
    else:
        messages.success(request, _("Check-in acknowledged."))
        return True
    return False


@sensitive_post_parameters()
@require_POST
def acknowledge_checkin(request: HttpRequest, case_id: UUID, check_in_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    row = checkin_selectors.check_in_for_case(case, check_in_id)
    form = AcknowledgeForm(request.POST, prefix=str(row.pk))
    if _acknowledged(request, user, row, form):
        return redirect("connect:case_checkins", case_id=case.pk)
    row.refresh_from_db()
    error = "" if row.is_open_alert else " ".join(str(e) for errors in form.errors.values() for e in errors)
    return _page(request, user, case, status=400, forms={row.pk: form}, error=error)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def urgent_check_in(request: HttpRequest, check_in_id: UUID) -> HttpResponse:
    """One urgent check-in: what the person said, how to reach them safely, who their worker is, and the
    acknowledgement. The place every alert links to, so the on-call supervisor can act on it too."""
    user = request_user(request)
    row = access.access_urgent_check_in(user, check_in_id, for_write=request.method == "POST")
    form = AcknowledgeForm(request.POST or None, initial={"version": row.version}, prefix=str(row.pk))
    status = 200
    if request.method == "POST":
        if _acknowledged(request, user, row, form):
            return redirect("connect:urgent_check_in", check_in_id=row.pk)
        status = 400
        row = access.access_urgent_check_in(user, check_in_id)
    reads_case = cases_for_user(user).filter(pk=row.case_id).exists()
    context = {
        "row": row,
        "wording": alert_wording(row),
        "contact": safe_contact_wording(row),
        "reads_case": reads_case,
        "can_act": row.is_open_alert and (can_edit_case(user, row.case) or access.is_on_call_for(user, row.agency_id)),
        "form": form,
    }
    return render(request, "connect/urgent_check_in.html", context, status=status)
