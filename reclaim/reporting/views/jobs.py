"""Report jobs in the browser: the list of mine (/reporting/jobs/) and one job with its progress bar and,
when ready, its result (/reporting/jobs/<id>/). The page refreshes itself every few seconds while the job
runs (no script needed), so one can leave and come back to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from reclaim.accounts.http import request_user
from reclaim.core.paging import counted_page
from reclaim.reporting import access
from reclaim.reporting.jobs import kind_spec
from reclaim.reporting.selectors import jobs_of

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

JOBS_PAGE_SIZE = 50  # jobs on one page of "My reports and exports"
REFRESH_SECONDS = 3


def _result_template(kind: str) -> str:
    """The kind's own result template (reporting/job_results/<kind>.html), or "" when it has none."""
    name = f"reporting/job_results/{kind}.html"
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return ""
    return name


def job_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    access.require_report_runner(user)
    page = counted_page(jobs_of(user), request.GET.get("page"), JOBS_PAGE_SIZE)
    jobs = page.object_list
    labels = {job.kind: (spec.label if (spec := kind_spec(job.kind)) else job.kind) for job in jobs}
    context = {
        "rows": [(job, labels[job.kind]) for job in jobs],
        "page": page,
        "refresh": any(not job.finished for job in jobs),
    }
    return render(request, "reporting/jobs.html", context)


def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    user = request_user(request)
    job = access.access_job(user, job_id)
    spec = kind_spec(job.kind)
    return render(
        request,
        "reporting/job.html",
        {
            "job": job,
            "label": spec.label if spec else job.kind,
            "result_template": _result_template(job.kind) if job.status == "done" else "",
            "refresh": REFRESH_SECONDS if not job.finished else 0,
        },
    )
