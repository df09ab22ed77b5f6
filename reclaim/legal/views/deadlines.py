"""The agency-wide legal deadline calendar (/legal/deadlines/) and the legal settings page (/legal/settings/).

The calendar shows open deadlines on the cases the user may read: a month grid (?month=YYYY-MM) and, below
it, a paginated list with filters. Case numbers only, never names or the deadline's own text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from reclaim.accounts.access import require_case_worker
from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.legal import deadline_calendar as cal
from reclaim.legal import policy_actions
from reclaim.legal.deadline_forms import DeadlineFilterForm, LegalPolicyForm
from reclaim.legal.reminders import status_of
from reclaim.legal.selectors import policy_for

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50


def _filters(form: DeadlineFilterForm) -> cal.DeadlineFilters:
    """The valid filters; a filter with a bad value is shown with its error and left out."""
    form.is_valid()
    data: dict[str, Any] = getattr(form, "cleaned_data", {})
    return cal.DeadlineFilters(
        overdue=bool(data.get("overdue")),
        kind=data.get("kind") or "",
        advocate_id=data.get("advocate") or None,
        due_before=data.get("due_before"),
        due_on=data.get("due_on"),
    )


@require_GET
def deadlines(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_case_worker(user)
    today = timezone.localdate()
    form = DeadlineFilterForm(request.GET or None, advocates=list(cal.advocates_for(user)))
    filters = _filters(form) if request.GET else cal.DeadlineFilters()
    first = cal.month_of(request.GET.get("month", ""), today)
    weeks = cal.month_grid(first, cal.month_deadlines(user, first, filters), today)
    page = Paginator(cal.open_deadlines(user, filters, today), PAGE_SIZE).get_page(request.GET.get("page"))
    keep: dict[str, str] = {
        k: v for k, v in request.GET.items() if k not in {"page", "month"} and isinstance(v, str) and v
    }
    return render(
        request,
        "legal/deadlines.html",
        {
            "form": form,
            "weeks": weeks,
            "month": first,
            "previous_month": cal.previous_month(first).strftime("%Y-%m"),
            "next_month": cal.next_month(first).strftime("%Y-%m"),
            "this_month": today.replace(day=1) == first,
            "filter_query": urlencode(keep),
            "month_query": urlencode({"month": first.strftime("%Y-%m")}),
            # a full day's "more" link: the list of that day (?due_on=), with the filters the grid applies
            "day_query": urlencode(
                {k: str(v) for k, v in (("kind", filters.kind), ("advocate", filters.advocate_id)) if v}
            ),
            "page": page,
            "rows": [(deadline, status_of(deadline, today)) for deadline in page],
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    """Reminder offsets and the usual jurisdiction (agency admins and program directors)."""
    user = request_user(request)
    membership = policy_actions.require_policy_manager(user)
    current = policy_for(membership.agency_id)
    jurisdictions = policy_actions.jurisdictions_for(membership.agency_id)
    initial = {
        "version": current.version,
        "reminder_offsets": ", ".join(str(n) for n in current.reminder_offsets),
        "default_jurisdiction": current.default_jurisdiction,
    }
    form = LegalPolicyForm(request.POST or None, initial=initial, jurisdictions=jurisdictions)
    conflict: EditConflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            policy_actions.do_save_legal_policy(
                actor=user,
                agency=membership.agency,
                reminder_offsets=policy_actions.parse_offsets(form.cleaned_data["reminder_offsets"]),
                default_jurisdiction=form.cleaned_data["default_jurisdiction"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = LegalPolicyForm(data, jurisdictions=jurisdictions)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Legal settings saved."))
            return redirect("legal:policy")
    return render(request, "legal/policy.html", {"form": form, "conflict": conflict})
