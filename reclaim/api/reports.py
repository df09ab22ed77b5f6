"""Funder reports API: GET /reports/templates (the ready templates, what each counts, the builder's dimensions)
and POST /reports/run (a template code or a builder spec, and a period label) -> 202 with the job id; follow it
with GET /reports/jobs/{id}. 422 names each invalid field. For roles that read aggregates only; results are
aggregates with small cells suppressed, never a row about anyone."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.schemas import ErrorOut
from reclaim.core.errors import DomainError
from reclaim.reporting import access
from reclaim.reporting.jobs import do_start_job
from reclaim.reporting.reports import runner
from reclaim.reporting.reports.definitions import DIMENSIONS, MEASURES, POPULATIONS

router = Router(tags=["reporting"])


class TableOut(Schema):
    id: str
    caption: str
    measure: str = Field(description="survivors, family_members, services or hours")
    dimensions: list[str]
    population: str = Field(description="served, entered or exited (people counts)")


class TemplateOut(Schema):
    code: str
    name: str
    description: str
    period_hint: str
    dimensions: list[str]
    tables: list[TableOut]


class DimensionOut(Schema):
    code: str
    label: str
    level: str = Field(description="person (one value per person: tables add up) or service (per service)")
    definition: str


class CatalogueOut(Schema):
    templates: list[TemplateOut]
    dimensions: list[DimensionOut] = Field(description="What the builder can group by (at most two)")
    measures: dict[str, str]
    populations: dict[str, str]


class BuilderSpecIn(Schema):
    measure: str = "survivors"
    dimensions: list[str] = Field(default_factory=list)
    population: str = "served"
    grant: str = ""
    category: str = ""
    team: str = ""


class RunIn(Schema):
    period: str = Field(description="FY2027, 2026, 2026-H1, FY2027-Q1, 2026-01-01..2026-03-31")
    template: str = Field("", description="A template code from GET /reports/templates; or leave empty and send spec")
    spec: BuilderSpecIn | None = None


class RunOut(Schema):
    id: UUID
    status: str


@router.get(
    "/reports/templates",
    response={200: CatalogueOut, 403: ErrorOut},
    summary="The ready report templates (what each counts) and the builder's dimensions: report runners",
)
def list_templates(request: HttpRequest) -> CatalogueOut:
    access.require_report_runner(request_user(request))
    return CatalogueOut(
        templates=[TemplateOut(**item) for item in runner.template_catalogue()],
        dimensions=[
            DimensionOut(code=dim.code, label=str(dim.label), level=dim.level, definition=str(dim.definition))
            for dim in DIMENSIONS.values()
        ],
        measures={code: str(label) for code, label in MEASURES.items()},
        populations={code: str(label) for code, label in POPULATIONS.items()},
    )


@router.post(
    "/reports/run",
    response={202: RunOut, 403: ErrorOut, 422: ErrorOut},
    summary="Make a report in the background (template or builder spec, and a period): 202 with the job id",
)
def run_report(request: HttpRequest, payload: RunIn) -> Any:
    user = request_user(request)
    agency = access.require_report_runner(user)
    try:
        spec = runner.validate_request(
            agency.pk,
            template_code=payload.template,
            spec=payload.spec.dict() if payload.spec is not None and not payload.template else None,
            period=payload.period,
        )
    except DomainError as exc:
        return Status(422, ErrorOut(code=exc.code, message=exc.message, fields=exc.fields))
    job = do_start_job(actor=user, agency=agency, kind=runner.KIND, spec=spec)
    return Status(202, RunOut(id=job.pk, status=job.status))
