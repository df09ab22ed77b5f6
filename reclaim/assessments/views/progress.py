"""Progress over time: the case file's Progress tab (a chart and a data table per instrument and per outcome
domain) and the program's cohort view (share of survivors improving, aggregates only, small cells hidden)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reclaim.accounts.http import request_user
from reclaim.assessments import progress_access, progress_selectors

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.assessments.charts import Row
    from reclaim.assessments.progress_selectors import Series

TAB = "progress"


@dataclass(frozen=True)
class RowView:
    on: datetime.date
    value: str
    change: str
    reliable: str  # "improved", "worsened" or ""


@dataclass(frozen=True)
class ChartView:
    key: str
    kind: str
    title: str
    caption: str
    svg: SafeString
    rows: list[RowView]
    reliable_change: str
    higher_is_better: bool


def _shown(value: float, decimals: int) -> str:
    return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals)))


def _row(row: Row, decimals: int) -> RowView:
    change = ""
    if row.change is not None:
        change = ("+" if row.change > 0 else "") + _shown(row.change, decimals)
    return RowView(row.on, _shown(row.value, decimals), change, row.reliable)


def _caption(series: Series) -> str:
    direction = _("higher is better") if series.higher_is_better else _("lower is better")
    scale = _("from %(low)s to %(high)s") % {
        "low": _shown(series.low, series.decimals if series.kind == "instrument" else 0),
        "high": _shown(series.high, series.decimals if series.kind == "instrument" else 0),
    }
    return f"{series.title}: {scale}, {direction}"


def chart_view(series: Series) -> ChartView:
    chart = series.chart()
    return ChartView(
        key=series.key,
        kind=series.kind,
        title=series.title,
        caption=_caption(series),
        # charts.line_chart escapes every text it puts in the SVG (titles, labels, dates) and builds the rest
        # from numbers, so its output is safe markup; nothing else goes through mark_safe here.
        svg=mark_safe(chart.svg),  # noqa: S308 — escaped by line_chart (test_charts.py)  # nosec B308 B703
        rows=[_row(r, series.decimals) for r in chart.rows],
        reliable_change="" if series.reliable_change is None else _shown(series.reliable_change, series.decimals),
        higher_is_better=series.higher_is_better,
    )


def case_progress(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = progress_access.access_case_for_progress(user, case_id)
    progress = progress_selectors.case_progress(user, case)
    return render(
        request,
        "assessments/progress.html",
        {
            "case": case,
            "tab": TAB,
            "instruments": [chart_view(s) for s in progress.instruments],
            "domains": [chart_view(s) for s in progress.domains],
        },
    )


def cohort(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency_id = progress_access.access_cohort(user)
    return render(request, "assessments/cohort.html", {"cohort": progress_selectors.cohort(agency_id)})
