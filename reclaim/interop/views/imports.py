"""Legacy import pages (agency admins): the list of runs, upload, column mapping, value mapping, the dry
run's result with every row error, confirmation, and the run page with its progress bar. Runs happen in the
task worker; the run page refreshes itself (no script needed), so one can leave and come back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reclaim.accounts.http import request_user
from reclaim.core.errors import DomainError
from reclaim.core.paging import counted_page
from reclaim.interop import imports_access as access
from reclaim.interop import imports_actions as actions
from reclaim.interop import imports_selectors as selectors
from reclaim.interop import imports_spec as spec
from reclaim.interop.imports_forms import ColumnsForm, UploadForm, ValuesForm
from reclaim.interop.imports_models import ImportStatus, OnDuplicate
from reclaim.interop.imports_reader import ImportFileError, read_sheet

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.interop.imports_models import ImportMapping, ImportRun

RUNS_PAGE_SIZE = 50  # checks and imports on one page of the list
REFRESH_SECONDS = 3
SHOWN_ERRORS = 500
DISTINCT_VALUES = 40


def import_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_importer(user)
    page = counted_page(selectors.runs_of(agency.pk), request.GET.get("page"), RUNS_PAGE_SIZE)
    runs = page.object_list
    return render(
        request,
        "interop/imports_list.html",
        {
            "runs": runs,
            "page": page,
            "mappings": list(selectors.mappings_of(agency.pk)),
            "refresh": REFRESH_SECONDS
            if any(r.status in (ImportStatus.QUEUED, ImportStatus.RUNNING) for r in runs)
            else 0,
        },
    )


def import_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency = access.require_importer(user)
    form = UploadForm(request.POST or None, request.FILES or None, mappings=list(selectors.mappings_of(agency.pk)))
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.do_upload(
                actor=user, agency=agency, kind=form.cleaned_data["kind"], data=form.cleaned_data["file"].read()
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            target = redirect("interop:import_columns", run.pk)
            if form.cleaned_data["mapping"]:
                target["Location"] += f"?mapping={form.cleaned_data['mapping']}"
            return target
    return render(request, "interop/imports_new.html", {"form": form})


def _sheet_or_none(run: ImportRun) -> tuple[list[str], list[list[str]], str]:
    try:
        sheet = read_sheet(actions.stored_bytes(run))
    except ImportFileError as exc:
        return [], [], exc.message
    return sheet.headers, sheet.rows, ""


def _draft(user: object, run_id: UUID) -> ImportRun:
    run = access.access_run(user, run_id)  # type: ignore[arg-type]
    if not run.dry_run or not run.storage_name or run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        raise DomainError(_("This file can no longer be mapped."), code="imports.not_draft")
    return run


def import_columns(request: HttpRequest, run_id: UUID) -> HttpResponse:
    user = request_user(request)
    try:
        run = _draft(user, run_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("interop:imports")
    headers, _rows, problem = _sheet_or_none(run)
    if problem:
        return render(request, "interop/imports_columns.html", {"run": run, "problem": problem, "form": None})
    base: ImportMapping | None = run.mapping
    if base is None and request.GET.get("mapping"):
        base = selectors.mappings_of(run.agency_id, run.kind).filter(pk=request.GET["mapping"]).first()
    initial = {}
    if base is not None:
        initial = {"name": base.name, "source_system": base.source_system, "on_duplicate": base.on_duplicate}
        initial.update({f"col_{name}": header for name, header in base.column_map.items() if header in headers})
    else:  # a header spelled like a field is chosen for it
        folded = {h.lower().replace(" ", "_"): h for h in headers}
        initial.update({f"col_{t.name}": folded[t.name] for t in spec.fields_of(run.kind) if t.name in folded})
        initial["on_duplicate"] = OnDuplicate.SKIP
    form = ColumnsForm(request.POST or None, initial=initial, kind=run.kind, headers=headers)
    if request.method == "POST" and form.is_valid():
        existing = selectors.mapping_named(run.agency_id, form.cleaned_data["name"])
        if existing is not None and existing.kind != run.kind:
            form.add_error("name", _("A mapping for another kind of file has this name; choose another name."))
            return render(request, "interop/imports_columns.html", {"run": run, "form": form, "headers": headers})
        data = actions.MappingInput(
            name=form.cleaned_data["name"],
            kind=run.kind,
            source_system=form.cleaned_data["source_system"],
            column_map=form.column_map(),
            value_maps=existing.value_maps if existing is not None else {},
            on_duplicate=form.cleaned_data.get("on_duplicate") or OnDuplicate.SKIP,
        )
        try:
            mapping = actions.do_save_mapping(actor=user, agency=run.agency, data=data, mapping=existing)
        except DomainError as exc:
            for name, problems in exc.fields.items():
                for message in problems:
                    form.add_error(name if name in form.fields else None, message)
        else:
            actions.do_choose_mapping(actor=user, run=run, mapping=mapping)
            return redirect("interop:import_values", run.pk)
    return render(request, "interop/imports_columns.html", {"run": run, "form": form, "headers": headers})


def _distinct(run: ImportRun, mapping: ImportMapping) -> dict[str, list[str]]:
    headers, rows, _problem = _sheet_or_none(run)
    distinct: dict[str, list[str]] = {}
    for target in spec.coded_fields(run.kind):
        header = mapping.column_map.get(target.name)
        if not header or header not in headers:
            continue
        index = headers.index(header)
        seen: dict[str, None] = {}
        for row in rows:
            value = row[index].strip() if index < len(row) else ""
            if value and value not in seen:
                seen[value] = None
                if len(seen) >= DISTINCT_VALUES:
                    break
        distinct[target.name] = sorted(seen)
    return distinct


def import_values(request: HttpRequest, run_id: UUID) -> HttpResponse:
    user = request_user(request)
    try:
        run = _draft(user, run_id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("interop:imports")
    mapping = run.mapping
    if mapping is None:
        return redirect("interop:import_columns", run.pk)
    form = ValuesForm(request.POST or None, kind=run.kind, distinct=_distinct(run, mapping), current=mapping.value_maps)
    if request.method == "POST" and form.is_valid():
        data = actions.MappingInput(
            name=mapping.name,
            kind=mapping.kind,
            source_system=mapping.source_system,
            column_map=mapping.column_map,
            value_maps={**mapping.value_maps, **form.value_maps()},
            on_duplicate=mapping.on_duplicate,
        )
        try:
            mapping = actions.do_save_mapping(actor=user, agency=run.agency, data=data, mapping=mapping)
            run = actions.do_start_dry_run(actor=user, run=run, mapping=mapping)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("interop:import_run", run.pk)
    return render(request, "interop/imports_values.html", {"run": run, "mapping": mapping, "form": form})


def import_run(request: HttpRequest, run_id: UUID) -> HttpResponse:
    user = request_user(request)
    run = access.access_run(user, run_id)
    running = run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return render(
        request,
        "interop/imports_run.html",
        {
            "run": run,
            "row_errors": run.row_errors[:SHOWN_ERRORS],
            "more_errors": max(0, len(run.row_errors) - SHOWN_ERRORS),
            "can_confirm": run.dry_run and run.status == ImportStatus.SUCCEEDED and bool(run.storage_name),
            "refresh": REFRESH_SECONDS if running else 0,
        },
    )


@require_POST
def import_confirm(request: HttpRequest, run_id: UUID) -> HttpResponse:
    user = request_user(request)
    checked = access.access_run(user, run_id)
    try:
        run = actions.do_confirm_import(actor=user, dry_run=checked)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("interop:import_run", checked.pk)
    return redirect("interop:import_run", run.pk)


@require_POST
def import_discard(request: HttpRequest, run_id: UUID) -> HttpResponse:
    user = request_user(request)
    run = access.access_run(user, run_id)
    try:
        actions.do_discard(actor=user, run=run)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("interop:import_run", run.pk)
    messages.success(request, _("The file was deleted."))
    return redirect("interop:imports")
