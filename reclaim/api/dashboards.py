"""Dashboards API: GET /dashboards/{board} (caseload, team or program; ?period= for program) returns the same
figures as the page, each as its data table. A hidden (small-cell suppressed) number is null with its words
("fewer than 11") and the board's k; exact boards have k null."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from reclaim.accounts.http import request_user
from reclaim.api.schemas import ErrorOut
from reclaim.core.errors import DomainError
from reclaim.reporting import dashboards
from reclaim.reporting.periods import PeriodError

router = Router(tags=["reporting"])


class RowOut(Schema):
    label: str
    values: list[int | float | None] = Field(description="One per column; null when hidden")
    texts: list[str] = Field(description="What the page prints: the number, or why it is hidden")
    hidden: list[str] = Field(description="Per column: '' when shown, else primary, complementary or withheld")
    is_total: bool
    url: str = Field(description="The page listing what this row counts, when there is one")


class FigureOut(Schema):
    code: str = Field(description="Also the CSV's name: /dashboards/<board>/<code>.csv")
    title: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[RowOut]
    explanation: str


class PeriodOut(Schema):
    label: str
    start: str
    end: str = Field(description="Inclusive")


class BoardOut(Schema):
    board: str
    title: str
    exact: bool = Field(description="True when counts are exact; false when numbers under k are hidden")
    k: int | None = Field(description="The smallest number shown, when small numbers are hidden")
    period: PeriodOut | None
    figures: list[FigureOut]


def _figure(figure: dashboards.Figure) -> FigureOut:
    table = figure.table
    return FigureOut(
        code=figure.code,
        title=figure.title,
        caption=table.caption,
        row_header=table.row_header,
        columns=list(table.columns),
        rows=[
            RowOut(
                label=row.label,
                values=[cell.value for cell in row.cells],
                texts=[cell.text for cell in row.cells],
                hidden=[cell.reason if cell.hidden else "" for cell in row.cells],
                is_total=row.is_total,
                url=row.url,
            )
            for row in table.rows
        ],
        explanation=table.explanation,
    )


@router.get(
    "/dashboards/{board}",
    response={200: BoardOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A dashboard's figures (caseload, team or program; ?period=FY2027-Q1 for program)",
)
def get_dashboard(request: HttpRequest, board: str, period: str = "") -> Any:
    if board not in dashboards.BOARDS:
        raise Http404
    try:
        result = dashboards.board_for(request_user(request), board, period_label=period.strip() or None)
    except PeriodError as exc:
        raise DomainError(str(exc), code="invalid_period", fields={"period": [str(exc)]}) from exc
    return BoardOut(
        board=result.code,
        title=result.title,
        exact=result.exact,
        k=result.k,
        period=PeriodOut(
            label=result.period.label, start=result.period.start.isoformat(), end=result.period.end.isoformat()
        )
        if result.period
        else None,
        figures=[_figure(f) for f in result.figures],
    )
