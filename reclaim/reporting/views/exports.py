"""De-identified exports in the browser: the page that says what an export contains and starts one
(/exports/), and the download of a finished one (/reporting/jobs/<id>/export.<fmt>), which asks for the
password again (step-up) and writes an audit row every time. Downloads are browser-only: a token cannot
re-authenticate, so the API starts exports and reports their progress but never serves the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.decorators import require_recent_auth
from reclaim.accounts.http import request_user
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.reporting import access
from reclaim.reporting.export_forms import ExportForm
from reclaim.reporting.exports import files, htcds
from reclaim.reporting.exports.runner import FORMATS, KIND, about_rows, start_export
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
            "definitions": htcds.DEFINITIONS,
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
    job = access.access_job(user, job_id)
    if job.kind != KIND or job.status != "done" or fmt not in FORMATS or not job.result:
        raise Http404
    result = job.result
    columns, rows = result.get("columns", []), result.get("rows", [])
    if fmt == "xlsx":
        body, content_type = files.export_xlsx(columns, rows, about_rows(result)), files.XLSX_CONTENT_TYPE
    else:
        body, content_type = files.export_csv(columns, rows), files.CSV_CONTENT_TYPE
    write_audit(
        AuditEntry(
            "reporting.export_downloaded",
            actor_id=user.pk,
            agency_id=job.agency_id,
            object_type="report_job",
            object_id=str(job.pk),
            detail={"format": fmt, "rows": len(rows), "period": result.get("period", "")},
        )
    )
    response = HttpResponse(body, content_type=content_type)
    name = f"deidentified-export-{result.get('period', 'period').replace('..', '_')}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
