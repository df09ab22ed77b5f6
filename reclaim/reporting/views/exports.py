"""De-identified exports in the browser: the page that says what an export contains and starts one
(/exports/), and the download of a finished one (/reporting/jobs/<id>/export.<fmt>), which asks for the
password again (step-up) and writes an audit row every time. The API serves the same file under the same rule
(GET /api/v1/exports/{job_id}/file): a browser session that re-entered its password, never a bare token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.decorators import require_recent_auth
from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.core.refdata import EXPORT_COLUMN, shipped_label
from reclaim.reporting import access
from reclaim.reporting.export_forms import ExportForm
from reclaim.reporting.exports import htcds
from reclaim.reporting.exports.runner import export_file, start_export
from reclaim.reporting.periods import periods_for_choice
from reclaim.reporting.selectors import policy_for, small_cell_k

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest


@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    """What the export contains, and the form that starts one (the POST goes to export_run)."""
    user = request_user(request)
    agency = access.require_report_runner(user)
    periods = periods_for_choice(policy_for(agency.pk).fiscal_year_start_month, timezone.localdate())
    form = ExportForm(periods=periods)
    return _page(request, form, agency.pk)


def _page(request: HttpRequest, form: ExportForm, agency_id: object, status: int = 200) -> HttpResponse:
    return render(
        request,
        "reporting/exports.html",
        {
            "form": form,
            "k": small_cell_k(agency_id),
            "definitions": {column: shipped_label(text, EXPORT_COLUMN) for column, text in htcds.DEFINITIONS.items()},
            "age_bands": [label for _low, _high, label in htcds.age_bands()],
        },
        status=status,
    )


@require_POST
def export_run(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_report_runner(user)
    periods = periods_for_choice(policy_for(agency.pk).fiscal_year_start_month, timezone.localdate())
    form = ExportForm(request.POST, periods=periods)
    if form.is_valid():
        try:
            job = start_export(
                actor=user,
                agency=agency,
                fmt=form.cleaned_data["format"],
                period=form.cleaned_data["period"] or "",
                from_year=form.cleaned_data["from_year"],
                to_year=form.cleaned_data["to_year"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return redirect("reporting:job", job_id=job.pk)
    return _page(request, form, agency.pk, status=400)


@require_recent_auth
@require_POST
def export_download(request: HttpRequest, job_id: UUID, fmt: str) -> HttpResponse:
    """The finished export as CSV or XLSX (own jobs only, 404 otherwise); step-up re-auth; audited."""
    user = request_user(request)
    exported = export_file(actor=user, job=access.access_job(user, job_id), fmt=fmt)
    response = HttpResponse(exported.body, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "no-store"
    return response
