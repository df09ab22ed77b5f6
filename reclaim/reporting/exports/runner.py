"""The export as a background job (kind "export", reporting/jobs.py): starting it, running it, and what its
file says about itself. The job's result (stored encrypted) holds the de-identified rows and the suppression
summary; the files are made from it at download time (`export_file`, for the page and the API alike)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError
from reclaim.reporting.exports import files, htcds
from reclaim.reporting.exports.data import people_for_export
from reclaim.reporting.jobs import do_start_job
from reclaim.reporting.periods import PeriodError, custom, parse
from reclaim.reporting.selectors import policy_for, small_cell_k

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.reporting.jobs import Progress
    from reclaim.reporting.models import ReportJob
    from reclaim.reporting.periods import Period

KIND = "export"
FORMATS = ("csv", "xlsx")
MIN_YEAR, MAX_YEAR = 1900, 2999


def period_from(
    agency_id: Any, *, period: str = "", from_year: int | None = None, to_year: int | None = None
) -> Period:
    """The period asked for: a label ("2026", "FY2027", "2026-Q1", a range) or a span of whole years."""
    if from_year is not None or to_year is not None:
        first = from_year if from_year is not None else to_year
        last = to_year if to_year is not None else from_year
        if first is None or last is None:  # cannot happen: one of them is set
            raise DomainError(_("Give a first year."), code="reporting.invalid_export")
        if not (MIN_YEAR <= first <= MAX_YEAR and MIN_YEAR <= last <= MAX_YEAR) or last < first:
            raise DomainError(
                _("Choose a first year and a last year that comes after it."),
                code="reporting.invalid_export",
                fields={"to_year": [_("The last year cannot come before the first.")]},
            )
        return custom(datetime.date(first, 1, 1), datetime.date(last, 12, 31))
    try:
        return parse(period, policy_for(agency_id).fiscal_year_start_month)
    except PeriodError as exc:
        raise DomainError(str(exc), code="reporting.invalid_export", fields={"period": [str(exc)]}) from exc


def start_export(
    *,
    actor: User,
    agency: Agency,
    fmt: str,
    period: str = "",
    from_year: int | None = None,
    to_year: int | None = None,
) -> ReportJob:
    """Queue an export (the caller has checked that the actor runs reports); bad input is a DomainError naming
    the field and nothing is queued."""
    if fmt not in FORMATS:
        raise DomainError(
            _("Choose CSV or XLSX."), code="reporting.invalid_export", fields={"format": [_("Choose CSV or XLSX.")]}
        )
    chosen = period_from(agency.pk, period=period, from_year=from_year, to_year=to_year)
    return do_start_job(actor=actor, agency=agency, kind=KIND, spec={"period": chosen.label, "format": fmt})


def run_export(job: ReportJob, progress: Progress) -> dict[str, Any]:
    """The job's body: people served in the period with a live research consent, shaped and k-anonymised."""
    period = period_from(job.agency_id, period=str(job.spec.get("period", "")))
    k = small_cell_k(job.agency_id)
    progress(0, 3, _("Finding people who agreed to research use"))
    people, without_consent = people_for_export(job.agency_id, period, timezone.localdate())
    progress(1, 3, _("Removing identity and rare combinations"))
    shaped = htcds.shape_export(people, k, htcds.age_bands())
    progress(2, 3, _("Saving"))
    summary = shaped.kanon.as_summary()
    summary["without_research_consent"] = without_consent if without_consent == 0 or without_consent >= k else None
    return {
        "period": period.label,
        "period_text": period.describe(),
        "format": job.spec.get("format", "csv"),
        "columns": list(shaped.columns),
        "rows": shaped.rows,
        "summary": summary,
        "definitions": htcds.DEFINITIONS,
    }


def about_rows(result: dict[str, Any]) -> list[tuple[str, Any]]:
    """What the file says about itself (the XLSX "about" sheet): period, k, and what was suppressed and why."""
    summary = result.get("summary", {})
    k = summary.get("k", "")
    rows: list[tuple[str, Any]] = [
        ("Export", "De-identified HTCDS/CTDC-shaped rows, one per person with research consent"),
        ("Period", result.get("period_text", "")),
        ("k", k),
        ("Rows", summary.get("released_rows", 0)),
        (
            "Rule",
            f"Every combination of {', '.join(summary.get('quasi_identifiers', []))} appears in at least {k} rows. "
            "Rarer combinations were made coarser (year to a five-year span, age band to Minor/Adult, type of "
            "exploitation to its broad group) or 'not shown'; rows still rarer than that were left out.",
        ),
    ]
    for column, count in summary.get("generalised", {}).items():
        if count:
            rows.append((f"Made coarser: {column}", count))
    for column, count in summary.get("suppressed", {}).items():
        if count:
            rows.append((f"Not shown: {column}", count))
    left_out = summary.get("dropped_rows_text") or str(summary.get("dropped_rows", 0))
    rows.append(("Rows left out (combination rarer than k even with nothing shown)", left_out))
    rows.extend((f"Column {column}", text) for column, text in result.get("definitions", {}).items())
    return rows


@dataclass(frozen=True)
class ExportFile:
    body: bytes
    content_type: str
    filename: str  # neutral: the period and the format, never a name


def export_file(*, actor: User, job: ReportJob, fmt: str) -> ExportFile:
    """The finished export `job` (already gated: the actor's own) as a CSV or XLSX file; every download is audited.
    Http404 when the job is not a finished export, has no stored result, or the format is not offered."""
    if job.kind != KIND or job.status != "done" or fmt not in FORMATS or not job.result:
        raise Http404
    result = job.result
    columns, rows = result.get("columns", []), result.get("rows", [])
    if fmt == "xlsx":
        body, content_type = files.export_xlsx(columns, rows, about_rows(result)), files.XLSX_CONTENT_TYPE
    else:
        body, content_type = files.export_csv(columns, rows), files.CSV_CONTENT_TYPE
    write_audit(
        AuditEntry(
            "reporting.export_downloaded",
            actor_id=actor.pk,
            agency_id=job.agency_id,
            object_type="report_job",
            object_id=str(job.pk),
            detail={"format": fmt, "rows": len(rows), "period": result.get("period", "")},
        )
    )
    name = f"deidentified-export-{result.get('period', 'period').replace('..', '_')}.{fmt}"
    return ExportFile(body=body, content_type=content_type, filename=name)
