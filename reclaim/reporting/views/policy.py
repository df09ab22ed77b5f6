"""The reporting settings page (/reporting/settings/): k and the fiscal year, for agency admins and program
directors, with a worked example of what k does to a small table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.reporting import actions
from reclaim.reporting.forms import ReportingPolicyForm
from reclaim.reporting.selectors import policy_for
from reclaim.reporting.suppression import Suppressed, suppress_table

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

# Made-up numbers for the example on the settings page: no one's data.
EXAMPLE_CELLS = ((3, 20, 15), (12, 14, 30), (25, 2, 40))


def example_table(k: int) -> Suppressed:
    return suppress_table(
        EXAMPLE_CELLS,
        k,
        row_labels=[_("Adults"), _("Minors"), _("Age not known")],
        column_labels=[_("Sex trafficking"), _("Labour trafficking"), _("Both or other")],
        caption=_("Example with made-up numbers: people served by age and type of trafficking"),
        row_header=_("Age"),
    )


@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    """k and the fiscal year start (agency admins and program directors)."""
    user = request_user(request)
    membership = actions.require_policy_manager(user)
    current = policy_for(membership.agency_id)
    initial = {"version": current.version, "k": current.k, "fiscal_year_start_month": current.fiscal_year_start_month}
    form = ReportingPolicyForm(request.POST or None, initial=initial)
    conflict: EditConflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_reporting_policy(
                actor=user,
                agency=membership.agency,
                k=form.cleaned_data["k"],
                fiscal_year_start_month=form.cleaned_data["fiscal_year_start_month"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = ReportingPolicyForm(data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Reporting settings saved."))
            return redirect("reporting:policy")
    return render(
        request,
        "reporting/policy.html",
        {"form": form, "conflict": conflict, "example": example_table(current.k), "k": current.k},
    )
