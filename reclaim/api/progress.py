"""Progress over time (DOMAIN.md §6, issue 4 item 7): a case's series per instrument and per outcome domain,
with the same permissions as the Progress tab, and the agency's cohort aggregates, small cells suppressed
(null) for roles that see aggregates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema

from reclaim.accounts.http import request_user
from reclaim.api.schemas import ErrorOut
from reclaim.assessments import progress_access, progress_selectors

if TYPE_CHECKING:
    from reclaim.assessments.progress_selectors import CohortRow, Series

router = Router(tags=["progress"])


class ProgressRowOut(Schema):
    on: date
    value: float
    change: float | None = Field(description="since the previous point; null for the first")
    reliable: str = Field(description='"improved", "worsened" or "" (no reliable change, or none defined)')


class BandOut(Schema):
    lower: float
    upper: float
    label: str


class SeriesOut(Schema):
    kind: str = Field(description='"instrument" or "domain"')
    code: str
    title: str
    low: float
    high: float
    higher_is_better: bool
    reliable_change: float | None
    bands: list[BandOut]
    rows: list[ProgressRowOut]

    @staticmethod
    def build(series: Series) -> SeriesOut:
        return SeriesOut(
            kind=series.kind,
            code=series.code,
            title=series.title,
            low=series.low,
            high=series.high,
            higher_is_better=series.higher_is_better,
            reliable_change=series.reliable_change,
            bands=[BandOut(lower=b.lower, upper=b.upper, label=b.label) for b in series.bands],
            rows=[ProgressRowOut(on=r.on, value=r.value, change=r.change, reliable=r.reliable) for r in series.rows()],
        )


class CaseProgressOut(Schema):
    instruments: list[SeriesOut]
    domains: list[SeriesOut]


class CohortRowOut(Schema):
    code: str
    name: str
    rule: str = Field(description='instruments: "reliable_change" or "band"; "" for domains')
    compared: int | None = Field(description="people with a first and a later result; null when under k")
    improved: int | None = Field(description="null when suppressed")
    share: float | None = Field(description="improved / compared; null when suppressed")

    @staticmethod
    def build(row: CohortRow) -> CohortRowOut:
        return CohortRowOut(
            code=row.code,
            name=row.name,
            rule=row.rule,
            compared=row.compared.as_json(),
            improved=row.improved.as_json(),
            share=None if row.share is None else round(row.share, 4),
        )


class CohortOut(Schema):
    k: int = Field(description="small-cell threshold: counts under k are null")
    domains: list[CohortRowOut]
    instruments: list[CohortRowOut]


@router.get(
    "/cases/{uuid:case_id}/progress",
    response={200: CaseProgressOut, 403: ErrorOut, 404: ErrorOut},
    summary="The case's progress: a series per instrument (complete totals) and per outcome domain (audited read)",
)
def case_progress(request: HttpRequest, case_id: UUID) -> CaseProgressOut:
    user = request_user(request)
    case = progress_access.access_case_for_progress(user, case_id)
    progress = progress_selectors.case_progress(user, case)
    return CaseProgressOut(
        instruments=[SeriesOut.build(s) for s in progress.instruments],
        domains=[SeriesOut.build(s) for s in progress.domains],
    )


@router.get(
    "/assessments/cohort",
    response={200: CohortOut, 403: ErrorOut},
    summary="Share of the agency's survivors improving per outcome domain and per screen (aggregates, suppressed)",
)
def cohort(request: HttpRequest) -> CohortOut:
    agency_id = progress_access.access_cohort(request_user(request))
    result = progress_selectors.cohort(agency_id)
    return CohortOut(
        k=result.k,
        domains=[CohortRowOut.build(r) for r in result.domains],
        instruments=[CohortRowOut.build(r) for r in result.instruments],
    )
