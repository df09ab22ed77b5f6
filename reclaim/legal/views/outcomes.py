"""Legal outcomes for directors and analysts: relief obtained (distinct survivors per relief), open matters by
kind and deadlines met or missed, for a period; aggregates only, small cells suppressed for anyone who may
not read every case counted; the same table as CSV (no personal data, spreadsheet formulas neutralised)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from reclaim.accounts.http import request_user
from reclaim.core.csvsafe import csv_cell
from reclaim.legal import access
from reclaim.legal.le_contact_forms import PeriodForm
from reclaim.legal.outcomes import OutcomeCounts, relief_counts, shown
from reclaim.reporting.selectors import small_cell_k

if TYPE_CHECKING:
    from django.http import HttpRequest


def _table(counts: OutcomeCounts, k: int | None) -> list[tuple[str, str, str, Any]]:
    """(section, code, label, shown count) rows: what the page and the CSV both show."""
    rows: list[tuple[str, str, str, Any]] = [
        ("relief_obtained", row.code, row.label, shown(row.count, k)) for row in counts.relief
    ]
    rows += [("open_matters", row.code, row.label, shown(row.count, k)) for row in counts.open_matters]
    rows += [
        ("deadlines", "met", _("Met on time"), shown(counts.deadlines_met, k)),
        ("deadlines", "missed", _("Missed or met late"), shown(counts.deadlines_missed, k)),
        ("deadlines", "pending", _("Not yet due"), shown(counts.deadlines_pending, k)),
    ]
    return rows


def _counts(request: HttpRequest) -> tuple[PeriodForm, OutcomeCounts, int | None, int]:
    user = request_user(request)
    agency_id = access.access_outcomes(user)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    k_value = small_cell_k(agency_id)
    k = None if access.sees_exact_outcome_counts(user) else k_value
    return form, relief_counts(agency_id, start, end), k, k_value


def outcomes(request: HttpRequest) -> HttpResponse:
    form, counts, k, k_value = _counts(request)
    rows = _table(counts, k)
    query = request.GET.urlencode()
    return render(
        request,
        "legal/outcomes.html",
        {
            "form": form,
            "counts": counts,
            "relief_rows": [r for r in rows if r[0] == "relief_obtained"],
            "open_rows": [r for r in rows if r[0] == "open_matters"],
            "deadline_rows": [r for r in rows if r[0] == "deadlines"],
            "suppressed": k is not None,
            "k": k_value,
            "query": query,
        },
    )


def outcomes_csv(request: HttpRequest) -> HttpResponse:
    """The same aggregate table as CSV: codes, labels and counts (suppressed as on the page), no names."""
    _form, counts, k, k_value = _counts(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"legal-outcomes-{counts.start.isoformat()}-{counts.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["period_start", "period_end", "section", "code", "label", "count"])
    hidden = _("fewer than %(k)s") % {"k": k_value}
    for section, code, label, cell in _table(counts, k):
        value = hidden if cell.suppressed else cell.value
        writer.writerow(
            [csv_cell(v) for v in (counts.start.isoformat(), counts.end.isoformat(), section, code, label, value)]
        )
    return response
