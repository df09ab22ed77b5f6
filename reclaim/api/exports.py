"""Exports and network counts API (issue 8): POST /exports/run queues a de-identified export (202 with the job
id; follow it with GET /reports/jobs/{id}); GET /exports/{id}/file downloads the finished file under the page's rule:
the password re-entered just now (step-up, reclaim/api/auth.py), so a browser session may and an API token never
may; each download is audited, as on the page. GET /reports/network-count
gives the last network-wide unduplicated count of each network the agency is a member of (suppressed under
k); PUT /networks/{id}/membership joins or leaves one; POST /reports/network-count/run recounts a period."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.auth import require_step_up
from reclaim.api.schemas import ErrorOut
from reclaim.core.errors import DomainError
from reclaim.reporting import access
from reclaim.reporting import network as networks
from reclaim.reporting.exports.files import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from reclaim.reporting.exports.runner import export_file, start_export

router = Router(tags=["reporting"])


class ExportRunIn(Schema):
    format: Literal["csv", "xlsx"] = Field("csv", description="The file format offered first; both can be downloaded")
    period: str = Field("", description='A period label: "2026", "FY2027", "2026-Q1", "2026-01-01..2026-06-30"')
    from_year: int | None = Field(None, description="Or a range of whole years: the first year")
    to_year: int | None = Field(None, description="… and the last year")


class JobStartedOut(Schema):
    id: UUID = Field(description="The job: follow it with GET /reports/jobs/{id}")
    status: str


def _unprocessable(exc: DomainError) -> Status[ErrorOut]:
    return Status(422, ErrorOut(code=exc.code, message=exc.message, fields=exc.fields or {}))


@router.post(
    "/exports/run",
    response={202: JobStartedOut, 403: ErrorOut, 422: ErrorOut},
    summary="Queue a de-identified export (report runners); 422 on a bad period or format. The file is "
    "downloaded in the browser only (it needs the password re-entered)",
)
def run_export(request: HttpRequest, payload: ExportRunIn) -> Any:
    user = request_user(request)
    agency = access.require_report_runner(user)
    try:
        job = start_export(
            actor=user,
            agency=agency,
            fmt=payload.format,
            period=payload.period,
            from_year=payload.from_year,
            to_year=payload.to_year,
        )
    except DomainError as exc:
        return _unprocessable(exc)
    return Status(202, JobStartedOut(id=job.pk, status=job.status))


_BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/exports/{job_id}/file",
    response={403: ErrorOut},
    summary="Download a finished de-identified export as CSV or XLSX (its creator only; 404 for anyone else's, or "
    "while it is not done). Needs the password re-entered just now, as the page does: 403 "
    "`reauthentication_required` for an API token, always",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, named after the period only; every download is audited",
                "content": {CSV_CONTENT_TYPE.split(";")[0]: _BINARY, XLSX_CONTENT_TYPE: _BINARY},
            }
        }
    },
)
def download_export(request: HttpRequest, job_id: UUID, format: Literal["csv", "xlsx"] = "csv") -> HttpResponse:
    user = request_user(request)
    job = access.access_job(user, job_id)  # role and object first, as for every step-up operation
    require_step_up(request)
    exported = export_file(actor=user, job=job, fmt=format)
    response = HttpResponse(exported.body, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "no-store"
    return response


class NetworkCountOut(Schema):
    network_id: UUID
    name: str
    period: str | None = Field(description="The period of the last count, or null when never counted")
    count: str | None = Field(description='Different people, or "fewer than k, or not shown"; never exact under k')
    shown: int | None = Field(description="The count as a number when it is shown")
    k: int | None
    agencies: int | None = Field(description="Member agencies whose people were counted")
    computed_at: datetime | None


@router.get(
    "/reports/network-count",
    response={200: list[NetworkCountOut], 403: ErrorOut},
    summary="The last network-wide unduplicated count of each network your agency is a member of (agency admins)",
)
def network_count(request: HttpRequest) -> list[NetworkCountOut]:
    agency = networks.require_network_manager(request_user(request))
    mine = networks.memberships_of(agency.pk)
    latest = networks.last_counts(mine)
    out = []
    for item in networks.all_networks():
        if item.pk not in mine:
            continue
        count = latest.get(item.pk)
        out.append(
            NetworkCountOut(
                network_id=item.pk,
                name=item.name,
                period=count.period if count else None,
                count=networks.count_text(count) if count else None,
                shown=count.shown if count else None,
                k=count.k if count else None,
                agencies=count.agencies if count else None,
                computed_at=count.created_at if count else None,
            )
        )
    return out


class NetworkCountRunIn(Schema):
    network_id: UUID
    period: str = Field(description='A period label: "2026", "FY2027", "2026-Q1", …')


@router.post(
    "/reports/network-count/run",
    response={202: JobStartedOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Recount a network for a period (agency admins of a member agency); follow the job",
)
def run_network_count(request: HttpRequest, payload: NetworkCountRunIn) -> Any:
    user = request_user(request)
    networks.require_network_manager(user)
    chosen = networks.network_by_id(payload.network_id)
    try:
        job = networks.start_network_count(actor=user, network=chosen, period=payload.period)
    except DomainError as exc:
        return _unprocessable(exc)
    return Status(202, JobStartedOut(id=job.pk, status=job.status))


class MembershipIn(Schema):
    member: bool = Field(description="true to join (opt in), false to leave (your agency's tokens are deleted)")


class MembershipOut(Schema):
    network_id: UUID
    member: bool


@router.put(
    "/networks/{network_id}/membership",
    response={200: MembershipOut, 403: ErrorOut, 404: ErrorOut},
    summary="Join or leave a network for your agency (agency admins); audited",
)
def set_membership(request: HttpRequest, network_id: UUID, payload: MembershipIn) -> MembershipOut:
    user = request_user(request)
    networks.require_network_manager(user)
    chosen = networks.network_by_id(network_id)
    member = networks.do_set_network_membership(actor=user, network=chosen, member=payload.member)
    return MembershipOut(network_id=chosen.pk, member=member)
