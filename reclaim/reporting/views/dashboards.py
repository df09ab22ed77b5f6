"""Dashboards by role: /dashboards/caseload/, /dashboards/team/, /dashboards/program/ (with a period select)
and each chart's numbers as CSV (/dashboards/<board>/<chart>.csv). The numbers come from
reporting/dashboards.py; every chart is an inline SVG beside its data table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reclaim.accounts.http import request_user
from reclaim.reporting import dashboards
from reclaim.reporting.csv import write_csv
from reclaim.reporting.periods import PeriodError

if TYPE_CHECKING:
    from django.http import HttpRequest

    from reclaim.accounts.models import User


def _other_boards(user: User, current: str) -> list[tuple[str, str, bool]]:
    labels = {"caseload": _("My caseload"), "team": _("Team"), "program": _("Program")}
    return [
        (reverse(f"reporting:dashboard_{board}"), labels[board], board == current)
        for board in dashboards.BOARDS
        if dashboards.can_see(user, board)
    ]


def _board(request: HttpRequest, name: str) -> HttpResponse:
    user = request_user(request)
    label = request.GET.get("period", "").strip() or None
    error = ""
    status = 200
    try:
        board = dashboards.board_for(user, name, period_label=label)
    except PeriodError as exc:
        error, status = str(exc), 400
        board = dashboards.board_for(user, name)
    query = f"?period={board.period.label}" if board.period else ""
    return render(
        request,
        "reporting/dashboard.html",
        {
            "board": board,
            "boards": _other_boards(user, name),
            "period_error": error,
            "period_value": label or (board.period.label if board.period else ""),
            "csv_query": query,
        },
        status=status,
    )


@require_GET
def dashboard_caseload(request: HttpRequest) -> HttpResponse:
    return _board(request, "caseload")


@require_GET
def dashboard_team(request: HttpRequest) -> HttpResponse:
    return _board(request, "team")


@require_GET
def dashboard_program(request: HttpRequest) -> HttpResponse:
    return _board(request, "program")


@require_GET
def dashboard_csv(request: HttpRequest, board: str, chart: str) -> HttpResponse:
    """One figure's data table as CSV, exactly as the page shows it (hidden cells as words)."""
    if board not in dashboards.BOARDS:
        raise Http404
    user = request_user(request)
    label = request.GET.get("period", "").strip() or None
    try:
        result = dashboards.board_for(user, board, period_label=label)
    except PeriodError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    figure = result.figure(chart)
    if figure is None:
        raise Http404
    suffix = f"-{result.period.label}" if result.period else ""
    response = HttpResponse(write_csv(figure.table.csv_rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{board}-{figure.code}{suffix}.csv"'
    return response
