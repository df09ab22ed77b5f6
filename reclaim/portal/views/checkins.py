"""The survivor's check-in: "How are you? Are you safe right now?", an optional note, and scheduled
check-ins they may opt in to. "Not safe" or "I need help now" alerts their case team at once (connect)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from reclaim.connect import checkin_actions, checkin_selectors, selectors
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.portal.http import render_portal, signed_in_account, survivor_required
from reclaim.portal.talk_forms import CheckInForm, ScheduleForm

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from reclaim.connect.models import PortalAccount

CONFIRMATION_WINDOW = datetime.timedelta(hours=1)


def _page(
    request: HttpRequest,
    account: PortalAccount,
    *,
    form: CheckInForm | None = None,
    schedule_form: ScheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    schedule = checkin_selectors.schedule_for_account(account)
    every = schedule.every_days if schedule else 0
    return render_portal(
        request,
        "portal/checkin.html",
        {
            "form": form or CheckInForm(),
            "schedule_form": schedule_form or ScheduleForm(initial={"every_days": str(every)}),
            "every_days": every,
            "next_due": checkin_selectors.due_on(schedule) if schedule and every else None,
            "saved": request.GET.get("saved") == "1",
        },
        status=status,
    )


def _done(request: HttpRequest, account: PortalAccount, urgent: bool) -> HttpResponse:
    settings_row = getattr(account, "portal_settings", None) or selectors.settings_for_agency(account.agency_id)
    return render_portal(
        request,
        "portal/checkin_done.html",
        {
            "urgent": urgent,
            "case_manager": account.case.lead_worker.display_name if account.case.lead_worker else "",
            "after_hours": not checkin_selectors.office_is_open(settings_row, timezone.now()),
            "on_call": bool(settings_row and settings_row.on_call_id),
            "safe_contact": account.safe_contact,
        },
    )


@sensitive_post_parameters("note")
@survivor_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    account = signed_in_account(request)
    if request.method == "GET":
        latest = checkin_selectors.latest_for_account(account) if request.GET.get("sent") == "1" else None
        if latest is not None and timezone.now() - latest.created_at < CONFIRMATION_WINDOW:
            return _done(request, account, urgent=latest.urgent)
        return _page(request, account)
    if request.POST.get("form") == "schedule":
        schedule_form = ScheduleForm(request.POST)
        if schedule_form.is_valid():
            try:
                checkin_actions.do_set_check_in_schedule(
                    account=account, every_days=int(schedule_form.cleaned_data["every_days"])
                )
            except DomainError as exc:
                add_domain_errors(schedule_form, exc)
            else:
                return redirect(reverse("portal:checkin") + "?saved=1")
        return _page(request, account, schedule_form=schedule_form, status=400)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            checkin_actions.do_check_in(
                account=account,
                data=checkin_actions.CheckInInput(
                    feeling=form.cleaned_data["feeling"],
                    safety=form.cleaned_data["safety"],
                    note=form.cleaned_data["note"],
                ),
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            # The confirmation is a GET (portal.js follows the redirect with location.replace, so it may be
            # asked twice): it shows the latest check-in, which is this one.
            return redirect(reverse("portal:checkin") + "?sent=1")
    return _page(request, account, form=form, status=400)
