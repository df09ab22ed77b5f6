"""Staff pages: a case's portal access (set up, new code, suspend, resume, close, sign out everywhere) and
the agency's portal settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id
from reclaim.connect import access, actions, selectors
from reclaim.connect.forms import PortalSettingsForm
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case


def _context(user: User, case: Case, **extra: Any) -> dict[str, Any]:
    account = selectors.account_for_case(case)
    settings_row = selectors.settings_for_agency(case.agency_id)
    return {
        "case": case,
        "tab": "portal",
        "account": account,
        "other_account": None if account else selectors.open_account_for_survivor(case.survivor_id),
        "can_manage": access.can_manage_portal_access(user, case),
        "entry_code": settings_row.entry_code if settings_row else "",
        **extra,
    }


@require_http_methods(["GET"])
def case_portal(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    return render(request, "connect/case_portal.html", _context(user, case))


_CHANGES = {  # lazy: built once at import, shown in the language of each request
    "suspend": (actions.do_suspend_portal_access, gettext_lazy("Portal access suspended. Every session has ended.")),
    "resume": (actions.do_resume_portal_access, gettext_lazy("Portal access resumed.")),
    "close": (actions.do_close_portal_access, gettext_lazy("Portal access closed.")),
    "sign_out": (
        lambda *, actor, account: actions.do_sign_out_everywhere(account=account, actor=actor),
        gettext_lazy("Signed out on every device."),
    ),
}


@require_POST
def case_portal_change(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    access.require_can_manage_portal_access(user, case)
    change = request.POST.get("change", "")
    account = selectors.account_for_case(case)
    try:
        if change == "create":
            account, code = actions.do_create_portal_access(actor=user, case=case)
            return render(request, "connect/case_portal.html", _context(user, case, code=code))
        if account is None:
            raise Http404
        if change == "new_code":
            code = actions.do_issue_new_code(actor=user, account=account)
            return render(request, "connect/case_portal.html", _context(user, case, code=code))
        if change not in _CHANGES:
            messages.error(request, _("Choose what to do."))
            return redirect("connect:case_portal", case_id=case.pk)
        action, done = _CHANGES[change]
        action(actor=user, account=account)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return redirect("connect:case_portal", case_id=case.pk)


@require_http_methods(["GET", "POST"])
def portal_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.portal_settings_agency(user)
    row = selectors.agency_settings_or_default(agency)
    staff = selectors.on_call_candidates(agency.pk)
    if request.method == "POST":
        form = PortalSettingsForm(request.POST, agency_id=agency.pk, staff=staff)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_save_portal_settings(
                    actor=user,
                    agency=agency,
                    data=actions.SettingsInput(
                        disguise_name=data["disguise_name"],
                        disguise_icon=data["disguise_icon"],
                        exit_url=data["exit_url"],
                        hotlines=form.hotlines(),
                        idle_minutes=data["idle_minutes"],
                        message_retention_days=data["message_retention_days"],
                        office_opens=data["office_opens"],
                        office_closes=data["office_closes"],
                        on_call=data["on_call"],
                    ),
                    expected_version=data.get("version"),
                )
            except EditConflict:
                form.add_error(None, _("Someone saved these settings while you were editing. Reload to see them."))
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Portal settings saved."))
                return redirect("connect:settings")
        status = 400
    else:
        form = PortalSettingsForm(initial=PortalSettingsForm.initial_from(row), agency_id=agency.pk, staff=staff)
        status = 200
    entry_url = request.build_absolute_uri(reverse("portal:enter", args=[row.entry_code])) if row.entry_code else ""
    return render(request, "connect/settings.html", {"form": form, "row": row, "entry_url": entry_url}, status=status)
