"""Funder reports in the browser: /reports/ lists the ready templates (and what each counts) and the builder;
POST /reports/run/ queues the report as a background job and goes to its page; /reporting/jobs/<id>/report.csv
is the finished report as CSV (the same labels and display text as the page, formula-safe, audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership, teams_for_user
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.funding.selectors import grants_for_agency
from reclaim.reporting import access
from reclaim.reporting.csv import write_csv
from reclaim.reporting.jobs import do_start_job
from reclaim.reporting.periods import periods_for_choice
from reclaim.reporting.report_forms import BuilderForm, TemplateRunForm
from reclaim.reporting.reports import runner
from reclaim.reporting.selectors import policy_for, small_cell_k
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest

    from reclaim.accounts.models import Agency, User


def _forms(user: User, agency: Agency, data: Any = None, which: str = "") -> tuple[TemplateRunForm, BuilderForm]:
    periods = periods_for_choice(policy_for(agency.pk).fiscal_year_start_month, timezone.localdate())
    catalogue = runner.display_catalogue()
    template_form = TemplateRunForm(
        data if which == "template" else None,
        templates=[(item["code"], item["name"]) for item in catalogue],
        periods=periods,
    )
    builder_form = BuilderForm(
        data if which == "builder" else None,
        periods=periods,
        grants=[(str(grant.pk), grant.name) for grant in grants_for_agency(agency.pk, active_only=False)],
        categories=[(category.code, category.display_label) for category in categories()],
        teams=[(str(team.pk), team.name) for team in teams_for_user(user)],
        auto_id="builder-%s",  # two forms on one page, both with a period: ids must not repeat
    )
    return template_form, builder_form


def _page(
    request: HttpRequest, template_form: TemplateRunForm, builder_form: BuilderForm, agency: Agency, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reporting/reports.html",
        {
            "catalogue": runner.display_catalogue(),
            "template_form": template_form,
            "builder_form": builder_form,
            "k": small_cell_k(agency.pk),
        },
        status=status,
    )


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_report_runner(user)
    template_form, builder_form = _forms(user, agency)
    return _page(request, template_form, builder_form, agency)


@require_POST
def report_run(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_report_runner(user)
    which = "builder" if request.POST.get("template") == runner.BUILDER else "template"
    template_form, builder_form = _forms(user, agency, request.POST, which)
    form: TemplateRunForm | BuilderForm = builder_form if which == "builder" else template_form
    if form.is_valid():
        try:
            if isinstance(form, BuilderForm):
                spec = runner.validate_request(agency.pk, spec=form.spec(), period=form.cleaned_data["period"])
            else:
                spec = runner.validate_request(
                    agency.pk, template_code=form.cleaned_data["template"], period=form.cleaned_data["period"]
                )
            job = do_start_job(actor=user, agency=agency, kind=runner.KIND, spec=spec)
        except DomainError as exc:
            add_domain_errors(form, exc, aliases={"dimensions": "dimension_1"})
        else:
            return redirect("reporting:job", job.pk)
    return _page(request, template_form, builder_form, agency, status=400)


@require_GET
def job_csv(request: HttpRequest, job_id: UUID) -> HttpResponse:
    user = request_user(request)
    job = access.access_job(user, job_id)
    if job.kind != runner.KIND or job.status != "done" or not isinstance(job.result, dict):
        raise Http404
    membership = active_membership(user)
    write_audit(
        AuditEntry(
            "reporting.report_csv",
            actor_id=user.pk,
            agency_id=membership.agency_id if membership else job.agency_id,
            object_type="report_job",
            object_id=str(job.pk),
            detail={"template": str(job.spec.get("template", "")), "period": str(job.spec.get("period", ""))},
        )
    )
    response = HttpResponse(write_csv(runner.csv_rows(job.result)), content_type="text/csv; charset=utf-8")
    name = f"report-{job.spec.get('template', 'report')}-{job.spec.get('period', '')}.csv".replace("..", "_")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
