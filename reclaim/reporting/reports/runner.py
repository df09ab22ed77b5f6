"""Running a report: validate the request, count every table (builder.count_grid / person_counts), suppress
small cells with the agency's k (always: a report leaves the agency) and keep the tables as plain dicts (labels,
display text, reasons, explanation) with the report's definitions, so the page, the CSV and the API show the
same numbers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from reclaim.accounts.models import Team
from reclaim.core.errors import DomainError
from reclaim.core.refdata import REPORT_TEMPLATE, shipped_label
from reclaim.funding.selectors import grants_for_agency
from reclaim.reporting import periods
from reclaim.reporting.reports.builder import (
    NO_GRANT,
    Grid,
    ReportSpec,
    count_grid,
    person_counts,
    unmapped_codes,
)
from reclaim.reporting.reports.definitions import (
    DIMENSIONS,
    FAMILY_MEMBERS,
    HOURS,
    MEASURES,
    OTHER,
    OTHER_LABEL,
    PERSON_DIMENSIONS,
    POPULATIONS,
    SERVICE_DIMENSIONS,
    SURVIVORS,
    Mapping,
    ReportTemplate,
    TableSpec,
    template,
    templates,
)
from reclaim.reporting.selectors import policy_for, small_cell_k
from reclaim.reporting.suppression import PRIMARY, Suppressed, reason_text, suppress_counts, suppress_table
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from reclaim.reporting.jobs import Progress
    from reclaim.reporting.models import ReportJob

KIND = "report"
BUILDER = "builder"
HIDDEN_TOTAL = "complementary"


# Requests ------------------------------------------------------------------------------------------------------


def _context_sets(agency_id: Any) -> dict[str, set[str]]:
    return {
        "known_categories": {category.code for category in categories()},
        "grant_ids": {str(grant.pk) for grant in grants_for_agency(agency_id, active_only=False)},
        "team_ids": {str(pk) for pk in Team.objects.filter(agency_id=agency_id).values_list("pk", flat=True)},
    }


def parse_period(label: Any, agency_id: Any) -> periods.Period:
    text = str(label or "").strip()
    if not text:
        raise DomainError(_("Choose a period."), code="reporting.bad_spec", fields={"period": [_("Choose a period.")]})
    try:
        return periods.parse(text, policy_for(agency_id).fiscal_year_start_month)
    except periods.PeriodError as exc:
        raise DomainError(str(exc), code="reporting.bad_spec", fields={"period": [str(exc)]}) from exc


def validate_request(agency_id: Any, *, template_code: str = "", spec: Any = None, period: Any = "") -> dict[str, Any]:
    """The job spec (codes only) for a template or a builder spec and a period, or DomainError naming the field."""
    parsed = parse_period(period, agency_id)
    if template_code:
        if template(template_code) is None:
            raise DomainError(
                _("There is no such report template."),
                code="reporting.bad_spec",
                fields={"template": [_("Unknown template.")]},
            )
        return {"template": template_code, "period": parsed.label}
    if spec is None:
        raise DomainError(
            _("Choose a template or describe a report."),
            code="reporting.bad_spec",
            fields={"template": [_("Choose a template or describe a report.")]},
        )
    checked = ReportSpec.from_dict(spec, **_context_sets(agency_id))
    return {"template": BUILDER, "spec": checked.to_dict(), "period": parsed.label}


# Labels --------------------------------------------------------------------------------------------------------


@dataclass
class Labels:
    categories: list[tuple[str, str]]
    grants: list[tuple[str, str]]


def _axis(dim: str, mappings: dict[str, Mapping], labels: Labels) -> list[tuple[str, str]]:
    mapping = mappings.get(dim)
    if mapping is not None:
        return list(mapping.categories)
    if dim == "category":
        return labels.categories
    if dim == "grant":
        return labels.grants
    return [(code, str(label)) for code, label in DIMENSIONS[dim].values or ()]


def _known(dim: str, labels: Labels) -> list[str]:
    if dim == "category":
        return [code for code, _label in labels.categories]
    return [code for code, _label in DIMENSIONS[dim].values or ()]


def _extend(axis: list[tuple[str, str]], keys: set[str]) -> list[tuple[str, str]]:
    """The axis plus any key the data holds that the axis does not name (so no count is ever dropped)."""
    named = {code for code, _label in axis}
    extra = sorted(key for key in keys if key not in named)
    return [*axis, *((key, key or _("Not recorded")) for key in extra)]


# Release (suppression) -----------------------------------------------------------------------------------------


def _cell(text: str, reason: str = "") -> dict[str, Any]:
    return {"text": text, "hidden": bool(reason), "reason": reason}


def _from_suppressed(table: Suppressed) -> dict[str, Any]:
    rows = [
        {"label": row.label, "is_total": row.is_total, "cells": [_cell(cell.text, cell.reason) for cell in row.cells]}
        for row in table.rows
    ]
    reasons = []
    for (i, j), reason in sorted(table.reasons.items()):
        column = table.column_headers[j] if j < len(table.column_headers) else ""
        reasons.append({"row": table.rows[i].label, "column": column, "reason": reason})
    return {
        "row_header": table.row_header,
        "column_headers": list(table.column_headers),
        "rows": rows,
        "explanation": table.explanation,
        "reasons": reasons,
        "totals": True,
    }


def _number(value: float, measure: str) -> str:
    return f"{value:.1f}" if measure == HOURS else str(int(value))


def _release(  # noqa: PLR0912, PLR0915 - the three release rules side by side
    grid: Grid, spec: TableSpec, k: int, rows: list[tuple[str, str]], columns: list[tuple[str, str]] | None
) -> dict[str, Any]:
    """Suppressed display of one table. People by person dimensions add up: exact complementary suppression
    with totals. People by service dimensions overlap: each count on its own, under k hidden (0 too), no total.
    Services and hours: a number given to fewer than k people is hidden, and a total on a line with a hidden
    number is hidden too."""
    measure_label = str(MEASURES[spec.measure])
    row_header = str(DIMENSIONS[spec.dimensions[0]].label) if spec.dimensions else ""
    people_table = spec.measure in {SURVIVORS, FAMILY_MEMBERS}
    additive = people_table and not any(dim in SERVICE_DIMENSIONS for dim in spec.dimensions)
    if not spec.dimensions:
        n = grid.values.get(("", ""), 0)
        people = grid.people.get(("", ""), 0)
        hidden = 0 < (n if people_table else people) < k
        text = reason_text(PRIMARY, k) if hidden else _number(n, spec.measure)
        return {
            "row_header": "",
            "column_headers": [measure_label],
            "rows": [{"label": _("All"), "is_total": False, "cells": [_cell(text, PRIMARY if hidden else "")]}],
            "explanation": _explain_single(k, hidden),
            "reasons": [{"row": _("All"), "column": measure_label, "reason": PRIMARY}] if hidden else [],
            "totals": False,
        }
    if additive:
        if columns is None:
            items = [(label, int(grid.values.get((key, ""), 0))) for key, label in rows]
            return _from_suppressed(suppress_counts(items, k, count_header=measure_label, total_label=_("Total")))
        matrix = [[int(grid.values.get((r, c), 0)) for c, _cl in columns] for r, _rl in rows]
        table = suppress_table(
            matrix,
            k,
            row_labels=[label for _key, label in rows],
            column_labels=[label for _key, label in columns],
            row_header=row_header,
            total_label=_("Total"),
        )
        return _from_suppressed(table)
    column_list = columns or [("", measure_label)]
    out_rows: list[dict[str, Any]] = []
    reasons: list[dict[str, str]] = []
    line_hidden_rows: set[int] = set()
    line_hidden_cols: set[int] = set()
    for i, (r, r_label) in enumerate(rows):
        cells: list[dict[str, Any]] = []
        for j, (c, c_label) in enumerate(column_list):
            value, people = grid.values.get((r, c), 0), grid.people.get((r, c), 0)
            if people_table:
                hidden = value < k
                text = reason_text(PRIMARY, k) if hidden else _number(value, spec.measure)
            else:
                hidden = 0 < people < k
                text = (_("given to fewer than %(k)s people") % {"k": k}) if hidden else _number(value, spec.measure)
            if hidden:
                line_hidden_rows.add(i)
                line_hidden_cols.add(j)
                reasons.append({"row": r_label, "column": c_label, "reason": PRIMARY})
            cells.append(_cell(text, PRIMARY if hidden else ""))
        out_rows.append({"label": r_label, "is_total": False, "cells": cells})
    headers = [label for _key, label in column_list]
    if not people_table:  # services and hours add up: totals, hidden on any line that holds a hidden number
        totals_label = _("Total")
        for i, (r, _r_label) in enumerate(rows):
            total = sum(grid.values.get((r, c), 0) for c, _cl in column_list)
            if columns is not None:
                out_rows[i]["cells"].append(_total_cell(total, spec.measure, i in line_hidden_rows))
        grand_hidden = bool(line_hidden_rows)
        total_cells = []
        for j, (c, _cl) in enumerate(column_list):
            total = sum(grid.values.get((r, c), 0) for r, _rl in rows)
            total_cells.append(_total_cell(total, spec.measure, j in line_hidden_cols))
        if columns is not None:
            grand = sum(grid.values.get((r, c), 0) for r, _rl in rows for c, _cl in column_list)
            total_cells.append(_total_cell(grand, spec.measure, grand_hidden))
            headers.append(totals_label)
        out_rows.append({"label": totals_label, "is_total": True, "cells": total_cells})
        for row in out_rows:
            for j, cell in enumerate(row["cells"]):
                total_cell = row["is_total"] or (columns is not None and j == len(column_list))
                if total_cell and cell["hidden"]:
                    reasons.append({"row": row["label"], "column": headers[j], "reason": HIDDEN_TOTAL})
    return {
        "row_header": row_header,
        "column_headers": headers,
        "rows": out_rows,
        "explanation": _explain_overlapping(k, bool(reasons), people_table),
        "reasons": reasons,
        "totals": not people_table,
    }


def _total_cell(total: float, measure: str, hidden: bool) -> dict[str, Any]:
    return _cell(_("hidden"), HIDDEN_TOTAL) if hidden else _cell(_number(total, measure))


def _explain_single(k: int, hidden: bool) -> str:
    if hidden:
        return _("“Fewer than %(k)s” marks a number from 1 to %(under)s: small numbers are not shown.") % {
            "k": k,
            "under": k - 1,
        }
    return _("No number needed hiding: it is 0 or at least %(k)s.") % {"k": k}


def _explain_overlapping(k: int, any_hidden: bool, people_table: bool) -> str:
    if people_table:
        return _(
            "A person can be in more than one row (they had more than one kind of service), so these counts do not "
            "add up and there is no total. Each count under %(k)s, 0 included, is shown as “fewer than %(k)s”."
        ) % {"k": k}
    text = _(
        "A number given to fewer than %(k)s people is not shown, and a total is “hidden” when its line holds a "
        "hidden number, so none can be worked out by subtraction."
    ) % {"k": k}
    return (
        text if any_hidden else _("No number needed hiding: each was given to 0 or at least %(k)s people.") % {"k": k}
    )


# Running -------------------------------------------------------------------------------------------------------


def _builder_template(spec: ReportSpec) -> ReportTemplate:
    dims = " x ".join(str(DIMENSIONS[dim].label) for dim in spec.dimensions)
    caption = str(MEASURES[spec.measure]) + (f" {_('by')} {dims}" if dims else "")
    table = TableSpec("builder", caption, spec.measure, spec.dimensions, spec.population)
    return ReportTemplate(BUILDER, _("Custom report"), caption, "", (table,), {})


def _labels(agency_id: Any, report: ReportTemplate) -> Labels:
    dims = set(report.dimensions)
    cats: list[tuple[str, str]] = []
    grants: list[tuple[str, str]] = []
    if "category" in dims or "category" in report.mappings:
        cats = [(category.code, category.display_label) for category in categories()]
    if "grant" in dims:
        grants = [(str(grant.pk), grant.name) for grant in grants_for_agency(agency_id, active_only=False)]
        grants.append((NO_GRANT, _("No grant")))
    return Labels(cats, grants)


def _definitions(
    report: ReportTemplate, spec: ReportSpec, period: periods.Period, k: int, labels: Labels
) -> list[dict[str, str]]:
    out = [
        {
            "term": _("Period"),
            "text": f"{period.label}: {period.start.isoformat()} to {period.end.isoformat()} "
            + _("(both days included)"),
        },
        {
            "term": _("People"),
            "text": _(
                "Every count of people is of distinct people, never of records: a survivor with two cases, or a "
                "reopened case, counts once. Family members are counted apart, as family members, never as survivors."
            ),
        },
        {
            "term": _("Services"),
            "text": _(
                "A service counts in the period of its date (the day it was given), whatever else spans the period. "
                "Voided records are left out. Services and hours include those given to family members, counted "
                "under the survivor's case; people served count a survivor's own services."
            ),
        },
        {
            "term": _("Small numbers"),
            "text": _("k = %(k)s: numbers from 1 to %(under)s are hidden, whoever runs the report.")
            % {"k": k, "under": k - 1},
        },
    ]
    out.extend(
        {"term": table.caption, "text": str(POPULATIONS[table.population])}
        for table in report.tables
        if table.measure == SURVIVORS
    )
    out.extend(
        {"term": str(DIMENSIONS[dim].label), "text": str(DIMENSIONS[dim].definition)} for dim in report.dimensions
    )
    for dim, mapping in report.mappings.items():
        if dim not in DIMENSIONS:
            continue
        labels_by_code = dict(mapping.categories)
        if dim == "exploitation":
            pairs = [f"{group}: {', '.join(codes)}" for group, codes in mapping.groups.items()]
        else:
            pairs = [f"{code} → {labels_by_code.get(target, target)}" for code, target in mapping.codes.items()]
        unmapped = unmapped_codes(dim, mapping, _known(dim, labels))
        text = "; ".join(pairs)
        if unmapped:
            text += ". " + _("Not mapped, counted as “%(other)s”: %(codes)s.") % {
                "other": OTHER_LABEL,
                "codes": ", ".join(unmapped),
            }
        out.append({"term": _("Mapping: %(dim)s") % {"dim": DIMENSIONS[dim].label}, "text": text})
    filters = []
    if spec.grant:
        filters.append(_("grant %(id)s") % {"id": spec.grant})
    if spec.category:
        filters.append(_("service category %(code)s") % {"code": spec.category})
    if spec.team:
        filters.append(_("team %(id)s") % {"id": spec.team})
    if filters:
        out.append({"term": _("Filters"), "text": ", ".join(filters)})
    out.extend({"term": _("Note"), "text": note} for note in report.notes)
    return out


def _marginal(
    counts: Counter[tuple[str, ...]],
    all_dims: tuple[str, ...],
    dims: tuple[str, ...],
    where: tuple[tuple[str, str], ...] = (),
) -> Grid:
    """One table of people from the shared per-person grouping: sum over the other dimensions (each person is in
    exactly one key, so the sums are distinct people), keeping only keys in `where`."""
    grid = Grid()
    positions = [all_dims.index(dim) for dim in dims]
    conditions = [(all_dims.index(dim), value) for dim, value in where]
    for key, n in counts.items():
        if any(key[p] != value for p, value in conditions):
            continue
        picked = [key[p] for p in positions]
        target = (picked[0] if picked else "", picked[1] if len(picked) > 1 else "")
        grid.values[target] += n
        grid.people[target] += n
    return grid


def compute_report(agency_id: Any, job_spec: dict[str, Any], progress: Any = None) -> dict[str, Any]:
    """Count, suppress and describe the report a job spec asks for (a template code or a builder spec)."""
    period = parse_period(job_spec.get("period"), agency_id)
    code = str(job_spec.get("template") or "")
    if code == BUILDER:
        spec = ReportSpec.from_dict(job_spec.get("spec"), **_context_sets(agency_id))
        report = _builder_template(spec)
    else:
        found = template(code)
        if found is None:
            raise DomainError(
                _("There is no such report template."),
                code="reporting.bad_spec",
                fields={"template": [_("Unknown template.")]},
            )
        report, spec = found, ReportSpec()
    k = small_cell_k(agency_id)
    labels = _labels(agency_id, report)
    total = len(report.tables) + 1
    # People by person dimensions only: one grouped query per population, every such table a margin of it.
    shared: dict[str, tuple[tuple[str, ...], Counter[tuple[str, ...]]]] = {}
    for table in report.tables:
        if table.measure == SURVIVORS and all(dim in PERSON_DIMENSIONS for dim in table.dimensions):
            dims = shared.get(table.population, ((), Counter()))[0]
            wanted = (*table.dimensions, *(d for d, _v in table.where))
            shared[table.population] = ((*dims, *dict.fromkeys(d for d in wanted if d not in dims)), Counter())
    for population, (dims, _counts) in list(shared.items()):
        shared[population] = (
            dims,
            person_counts(agency_id, period, replace(spec, population=population), dims, report.mappings),
        )
    tables = []
    for done, table in enumerate(report.tables, start=1):
        if progress is not None:
            progress(done, total, table.caption)
        if (
            table.population in shared
            and table.measure == SURVIVORS
            and all(d in PERSON_DIMENSIONS for d in table.dimensions)
        ):
            all_dims, counts = shared[table.population]
            grid = _marginal(counts, all_dims, table.dimensions, table.where)
        else:
            table_spec = replace(spec, measure=table.measure, dimensions=table.dimensions, population=table.population)
            grid = count_grid(agency_id, period, table_spec, report.mappings)
        keys = set(grid.values) | set(grid.people)
        rows = (
            _extend(_axis(table.dimensions[0], report.mappings, labels), {r for r, _c in keys})
            if table.dimensions
            else []
        )
        columns = (
            _extend(_axis(table.dimensions[1], report.mappings, labels), {c for _r, c in keys})
            if len(table.dimensions) > 1
            else None
        )
        released = _release(grid, table, k, rows, columns)
        released.update(
            {"id": table.id, "caption": table.caption, "measure": table.measure, "dimensions": list(table.dimensions)}
        )
        tables.append(released)
    return {
        "template": report.code,
        "name": report.name,
        "description": report.description,
        "period": period.label,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "k": k,
        "tables": tables,
        "definitions": _definitions(report, spec, period, k, labels),
    }


def run_report(job: ReportJob, progress: Progress) -> dict[str, Any]:
    """The job runner registered as kind "report"."""
    return compute_report(job.agency_id, job.spec, progress)


def csv_rows(result: dict[str, Any]) -> list[list[Any]]:
    """The stored result as CSV rows: the same labels and display text as the page (write with reporting.csv)."""
    rows: list[list[Any]] = [
        [result.get("name", "")],
        [_("Period"), result.get("period", ""), result.get("period_start", ""), result.get("period_end", "")],
        [_("Smallest number shown (k)"), result.get("k", "")],
        [],
    ]
    for table in result.get("tables", []):
        rows.append([table["caption"]])
        rows.append([table.get("row_header", ""), *table["column_headers"]])
        rows.extend([row["label"], *(cell["text"] for cell in row["cells"])] for row in table["rows"])
        rows.append([table["explanation"]])
        rows.append([])
    rows.append([_("Definitions")])
    rows.extend([item["term"], item["text"]] for item in result.get("definitions", []))
    return rows


def template_catalogue() -> list[dict[str, Any]]:
    """What the UI and the API list: each template with what each of its tables counts."""
    return [
        {
            "code": report.code,
            "name": report.name,
            "description": report.description,
            "period_hint": report.period_hint,
            "dimensions": report.dimensions,
            "tables": [
                {
                    "id": table.id,
                    "caption": table.caption,
                    "measure": table.measure,
                    "dimensions": list(table.dimensions),
                    "population": table.population,
                }
                for table in report.tables
            ],
        }
        for report in templates().values()
    ]


def display_catalogue() -> list[dict[str, Any]]:
    """The catalogue for the reports page: the shipped templates' name, description and usual period in the
    reader's language (the API's catalogue keeps the English of the files)."""
    shown = ("name", "description", "period_hint")
    return [
        {**item, **{key: shipped_label(item[key], REPORT_TEMPLATE) for key in shown}} for item in template_catalogue()
    ]


__all__ = [
    "KIND",
    "OTHER",
    "compute_report",
    "csv_rows",
    "display_catalogue",
    "run_report",
    "template_catalogue",
    "validate_request",
]
