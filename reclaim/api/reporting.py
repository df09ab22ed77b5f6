"""Reporting API: GET/PUT /reporting-policy (k, the smallest count any aggregate shows, and the fiscal year
start month), for agency admins and program directors; GET /reports/jobs and /reports/jobs/{id} (the caller's
own report runs and exports: status, progress and, when ready, the result)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.reporting import access, actions
from reclaim.reporting.jobs import kind_spec
from reclaim.reporting.models import ReportingPolicy, ReportJob
from reclaim.reporting.selectors import jobs_of, policy_for

router = Router(tags=["reporting"])


class ReportingPolicyOut(Schema):
    k: int = Field(description="Counts from 1 to k-1 are suppressed in every aggregate output (default 11, at least 5)")
    fiscal_year_start_month: int = Field(description="1-12; fiscal years are named by the year they end in")
    version: int = Field(description="Send it back on PUT")

    @staticmethod
    def build(policy: ReportingPolicy) -> ReportingPolicyOut:
        return ReportingPolicyOut(
            k=policy.k, fiscal_year_start_month=policy.fiscal_year_start_month, version=policy.version
        )


class ReportingPolicyIn(Schema):
    k: int
    fiscal_year_start_month: int
    version: int


@router.get(
    "/reporting-policy",
    response={200: ReportingPolicyOut, 403: ErrorOut},
    summary="Your agency's reporting settings (k, fiscal year start): agency admins and directors",
)
def get_reporting_policy(request: HttpRequest) -> ReportingPolicyOut:
    membership = actions.require_policy_manager(request_user(request))
    return ReportingPolicyOut.build(policy_for(membership.agency_id))


@router.put(
    "/reporting-policy",
    response={200: ReportingPolicyOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the reporting settings; 400 naming the field on bad values (k under 5), 409 on a stale version",
)
def put_reporting_policy(request: HttpRequest, payload: ReportingPolicyIn) -> Any:
    user = request_user(request)
    membership = actions.require_policy_manager(user)
    policy = actions.do_save_reporting_policy(
        actor=user,
        agency=membership.agency,
        k=payload.k,
        fiscal_year_start_month=payload.fiscal_year_start_month,
        expected_version=payload.version,
    )
    return ReportingPolicyOut.build(policy)


class JobOut(Schema):
    id: UUID
    kind: str = Field(description="report, export, …")
    spec: dict[str, Any] = Field(description="What was asked for (codes only)")
    status: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="Per cent done, 0-100")
    stage: str = Field(description="What it is doing now")
    error: str = Field(description="Why it failed, when it did")
    created_at: datetime
    finished_at: datetime | None
    result: dict[str, Any] | None = Field(
        description="When done: the result (aggregates, small cells already suppressed). Kinds whose result is "
        "a file (exports) leave it null and name their own download operation in `spec`."
    )

    @staticmethod
    def build(job: ReportJob, *, with_result: bool) -> JobOut:
        spec = kind_spec(job.kind)
        show = with_result and job.status == "done" and spec is not None and spec.api_result
        return JobOut(
            id=job.pk,
            kind=job.kind,
            spec=job.spec,
            status=job.status,
            progress=job.progress,
            stage=job.stage,
            error=job.error,
            created_at=job.created_at,
            finished_at=job.finished_at,
            result=job.result if show else None,
        )


@router.get(
    "/reports/jobs",
    response={200: Page[JobOut], 403: ErrorOut},
    summary="Your own report runs and exports, newest first (at most 50; results left out: GET one job for it)",
)
def list_jobs(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_report_runner(user)
    return paginate(jobs_of(user), page, lambda job: JobOut.build(job, with_result=False))


@router.get(
    "/reports/jobs/{job_id}",
    response={200: JobOut, 403: ErrorOut, 404: ErrorOut},
    summary="One of your report runs or exports: status, progress and, when done, its result; 404 for anyone else",
)
def get_job(request: HttpRequest, job_id: UUID) -> JobOut:
    return JobOut.build(access.access_job(request_user(request), job_id), with_result=True)
