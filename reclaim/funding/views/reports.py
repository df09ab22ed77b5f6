"""Funding aggregates for grant managers and data analysts: a grant's burn-down (award, spent, remaining, by
budget line, a monthly chart with its data table and CSV), cost per service type and per distinct survivor
served, and the funding gap. No row names a survivor or shows a staff member's pay; counts of survivors in
the gap view are suppressed under k for anyone who may not read every case (DOMAIN.md §11)."""

from __future__ import annotations

import csv
import datetime
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.http import request_user
from reclaim.assessments.charts import Point, line_chart
from reclaim.core.csvsafe import csv_cell
from reclaim.funding import access
from reclaim.funding.forms import PeriodForm
from reclaim.funding.selectors import (
    BurnDown,
    CostPerService,
    funding_gaps,
    grants_for_agency,
    month_end,
)
from reclaim.funding.selectors import (
    burn_down as compute_burn_down,
)
from reclaim.funding.selectors import (
    cost_per_service as compute_cost_per_service,
)
from reclaim.legal.access import sees_exact_outcome_counts
from reclaim.reporting.selectors import small_cell_k

if TYPE_CHECKING:
    from collections.abc import Iterable
    from uuid import UUID

    from django.http import HttpRequest


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response


def _burn_down(request: HttpRequest, grant_id: UUID) -> BurnDown:
    grant = access.access_grant_aggregates(request_user(request), grant_id)
    return compute_burn_down(grant, timezone.localdate())


def burn_down(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    data = _burn_down(request, grant_id)
    chart = None
    if data.months:
        high = float(max(data.award or 0, data.months[-1].cumulative, 1))
        chart = line_chart(
            [Point(month_end(m.month), float(m.cumulative)) for m in data.months],
            title=_("Spent to date, month by month"),
            low=0,
            high=high,
            chart_id="burn-down",
        )
    return render(
        request,
        "funding/burn_down.html",
        {
            "data": data,
            "grant": data.grant,
            "chart": chart,
            "can_manage": access.can_manage_grants(request_user(request)),
        },
    )


def burn_down_csv(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    """The burn-down page's numbers: the summary, each budget line, each month (the chart's data table)."""
    data = _burn_down(request, grant_id)
    blank = ""
    rows: list[list[Any]] = [
        [
            "grant",
            data.grant.name,
            data.award if data.award is not None else blank,
            data.staff,
            data.direct,
            data.spent,
            data.spent,
            blank if data.remaining is None else data.remaining,
        ],
        ["in_kind", _("In-kind contributions"), blank, blank, blank, data.in_kind, blank, blank],
    ]
    rows += [
        [
            "budget_line",
            line.label or _("Not on a budget line"),
            blank if line.budget is None else line.budget,
            blank,
            blank,
            line.spent,
            blank,
            blank if line.remaining is None else line.remaining,
        ]
        for line in data.lines
    ]
    rows += [
        [
            "month",
            m.month.strftime("%Y-%m"),
            blank,
            m.staff,
            m.direct,
            m.spent,
            m.cumulative,
            blank if m.remaining is None else m.remaining,
        ]
        for m in data.months
    ]
    return csv_response(
        f"burn-down-{data.grant.pk}-{data.today.isoformat()}.csv",
        ["section", "item", "budget", "staff_time", "direct_costs", "spent", "spent_to_date", "remaining"],
        rows,
    )


def _period(request: HttpRequest) -> tuple[PeriodForm, CostPerService | None]:
    user = request_user(request)
    agency = access.access_funding_aggregates(user, "cost_per_service")
    grants = list(grants_for_agency(agency.pk, active_only=False))
    form = PeriodForm(request.GET or None, grants=[(str(grant.pk), grant.name) for grant in grants])
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    grant = next((g for g in grants if g.pk == data.get("grant")), None)
    today = timezone.localdate()
    start = data.get("start") or (grant.starts_on if grant and grant.starts_on else datetime.date(today.year, 1, 1))
    end = data.get("end") or (grant.ends_on if grant and grant.ends_on else today)
    if end < start:
        form.add_error("end", _("The period cannot end before it starts."))
        return form, None
    return form, compute_cost_per_service(agency.pk, start, end, grant)


def cost_per_service(request: HttpRequest) -> HttpResponse:
    form, data = _period(request)
    return render(request, "funding/cost_per_service.html", {"form": form, "data": data})


def cost_per_service_csv(request: HttpRequest) -> HttpResponse:
    form, data = _period(request)
    if data is None:
        return render(request, "funding/cost_per_service.html", {"form": form, "data": None}, status=400)
    rows: list[list[Any]] = [
        [t.code, t.label, t.services, t.survivors, t.cost, t.per_service or "", t.per_survivor or ""]
        for t in data.types
    ]
    rows.append(
        [
            "",
            _("All services"),
            data.services,
            data.survivors,
            data.cash,
            data.per_service or "",
            data.per_survivor or "",
        ]
    )
    rows.append(["", _("Not allocated"), "", "", data.unallocated, "", ""])
    rows.append(["", _("In kind"), "", "", data.in_kind, "", ""])
    return csv_response(
        f"cost-per-service-{data.start.isoformat()}-{data.end.isoformat()}.csv",
        ["service_type", "label", "services", "distinct_survivors", "cost", "cost_per_service", "cost_per_survivor"],
        rows,
    )


def gaps(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.access_funding_aggregates(user, "funding_gaps")
    k = None if sees_exact_outcome_counts(user) else small_cell_k(agency.pk)
    rows = [
        {"row": row, "survivors": row.survivors if k is None or row.survivors >= k else None}
        for row in funding_gaps(agency.pk, timezone.localdate())
    ]
    return render(request, "funding/gaps.html", {"rows": rows, "k": k, "today": timezone.localdate()})
