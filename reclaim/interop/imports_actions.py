"""Legacy import: saving mappings, uploading files, and running an import (checks first, then the writes).

A run reads the whole file and checks every row before writing anything: a dry run stops there and reports
every row error (row number, column, a reason in words that never repeats the cell's value). An import then
writes the rows that passed, in batches of `RECLAIM_IMPORT_BATCH_SIZE` (1000): each batch is one transaction
holding the records AND their natural keys (`ImportedRecord`: agency + source system + source id + kind), so a
crash loses at most the batch in flight and a re-run skips every row already imported. Atomic per batch plus an
idempotent re-run gives the same final state as one clean run (ARCHITECTURE.md §3.7).

Rows with errors are skipped and listed; the others are imported. Records already imported are never changed
by a later file ("already imported"). People go through the intake duplicate check
(`reclaim.people.duplicates`), batched; a likely duplicate of a person the agency already has is not created
unless the mapping says to link the row to that person. People imported earlier from the SAME source system are
left out of the check: the old system's ids tell its own records apart, and it keeps a re-run after a crash
deciding exactly as the clean run did.

People are written by a bulk path that makes exactly the rows `people.actions.do_create_survivor` makes
(encrypted fields, blind indexes, blocking keys) with one audit row per batch; cases, services and appointments go
through their domains' actions (`do_open_case`, `do_record_services`, `do_book_appointment`), with their
timeline events and audit rows.
"""

from __future__ import annotations

import datetime
import functools
import gc
import logging
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency, Membership
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case
from reclaim.core import crypto
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.bulk import insert_instances, insert_values
from reclaim.core.errors import DomainError, check_version
from reclaim.documents.files import document_storage
from reclaim.interop import imports_spec as spec
from reclaim.interop.imports_models import (
    ImportedRecord,
    ImportKind,
    ImportMapping,
    ImportRun,
    ImportStatus,
    OnDuplicate,
)
from reclaim.interop.imports_reader import ImportFileError, Sheet, detect_format, is_formula, read_sheet
from reclaim.people.actions import index_values
from reclaim.people.blocking import MatchKeyer
from reclaim.people.duplicates import Probe, find_duplicates_many
from reclaim.people.models import Gender, Survivor, SurvivorMatchKey
from reclaim.scheduling.actions import AppointmentValues, do_book_appointment
from reclaim.services.actions import ServiceEntry, do_record_service, do_record_services

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from uuid import UUID

    from reclaim.accounts.models import User

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 10_000
CRASH_HOOK = "RECLAIM_IMPORT_CRASH_AFTER_ROWS"
SQLITE_IMPORT_CACHE_KIB = 524_288  # 512 MB of SQLite pages while an import writes, freed afterwards
_TRUE = {"yes", "y", "true", "1", "x", "si", "sí", "oui"}
_FALSE = {"no", "n", "false", "0", "non"}


def batch_size() -> int:
    return int(settings.RECLAIM_IMPORT_BATCH_SIZE)


def max_bytes() -> int:
    return int(getattr(settings, "RECLAIM_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


# --- Mappings ------------------------------------------------------------------------------------------


@dataclass
class MappingInput:
    name: str
    kind: str
    source_system: str
    column_map: dict[str, str] = field(default_factory=dict)
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    on_duplicate: str = OnDuplicate.SKIP


def _mapping_errors(data: MappingInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip() or len(data.name) > 120:  # noqa: PLR2004
        errors["name"] = [_("Give the mapping a name of at most 120 characters.")]
    if data.kind not in ImportKind.values:
        errors["kind"] = [_("Choose what the file holds.")]
        return errors
    if not data.source_system.strip() or len(data.source_system) > 60:  # noqa: PLR2004
        errors["source_system"] = [_("Name the system the file comes from (at most 60 characters).")]
    if data.on_duplicate not in OnDuplicate.values:
        errors["on_duplicate"] = [_("Choose what to do with possible duplicates.")]
    known = {f.name for f in spec.fields_of(data.kind)}
    unknown = sorted(set(data.column_map) - known)
    if unknown:
        errors["column_map"] = [_("Not a field of this kind of record: %(f)s.") % {"f": ", ".join(unknown)}]
    missing = [f.name for f in spec.fields_of(data.kind) if f.required and not data.column_map.get(f.name)]
    if missing:
        errors.setdefault("column_map", []).append(
            _("Choose the column for each required field: %(f)s.") % {"f": ", ".join(missing)}
        )
    for name, values in data.value_maps.items():
        target = spec.field_of(data.kind, name)
        if target is None or target.type != spec.CODE or not isinstance(values, dict):
            errors.setdefault("value_maps", []).append(_("Not a coded field: %(f)s.") % {"f": name})
            continue
        allowed = {code for code, _label in spec.codes_for(target)}
        if any(code and code not in allowed for code in values.values()):
            errors.setdefault("value_maps", []).append(_("Choose codes from the list for %(f)s.") % {"f": name})
    return errors


@transaction.atomic
def do_save_mapping(
    *,
    actor: User | None,
    agency: Agency,
    data: MappingInput,
    mapping: ImportMapping | None = None,
    expected_version: int | None = None,
) -> ImportMapping:
    """Create a named mapping, or change one under its version (a stale save raises EditConflict)."""
    errors = _mapping_errors(data)
    clash = ImportMapping.objects.filter(agency=agency, name=data.name.strip())
    if mapping is not None:
        clash = clash.exclude(pk=mapping.pk)
    if clash.exists():
        errors.setdefault("name", []).append(_("Your agency already has a mapping with this name."))
    if errors:
        raise DomainError(_("The mapping could not be saved."), code="imports.invalid_mapping", fields=errors)
    if mapping is None:
        mapping = ImportMapping(agency=agency, created_by=actor)
        action = "import.mapping_created"
    else:
        mapping = ImportMapping.objects.select_for_update().get(pk=mapping.pk, agency=agency)
        if expected_version is not None:
            check_version(mapping.version, expected_version, {"name": mapping.name})
        mapping.version += 1
        action = "import.mapping_updated"
    mapping.name, mapping.kind = data.name.strip(), data.kind
    mapping.source_system = data.source_system.strip()
    mapping.column_map = {k: v for k, v in data.column_map.items() if v}
    mapping.value_maps = {k: {s: c for s, c in v.items() if c} for k, v in data.value_maps.items()}
    mapping.on_duplicate = data.on_duplicate
    mapping.save()
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=agency.pk,
            object_type="import_mapping",
            object_id=str(mapping.pk),
            detail={"kind": mapping.kind},
        )
    )
    return mapping


# --- Uploads and runs ----------------------------------------------------------------------------------


def _aad(run_id: UUID) -> str:
    return f"interop.import:{run_id}"


def _check_size(data: bytes) -> None:
    if len(data) > max_bytes():
        raise DomainError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)},
            code="imports.too_large",
            fields={"file": [_("Split the file into smaller files.")]},
        )
    if not data.strip():
        raise DomainError(
            _("The file is empty."), code="imports.empty_file", fields={"file": [_("The file is empty.")]}
        )


@transaction.atomic
def do_upload(
    *, actor: User, agency: Agency, kind: str, data: bytes, mapping: ImportMapping | None = None, dry_run: bool = True
) -> ImportRun:
    """Keep an uploaded file, encrypted under the agency's key, for a run. Without a mapping the run waits
    (draft) for the column-mapping step; with one it is queued for the worker at once."""
    _check_size(data)
    if kind not in ImportKind.values:
        raise DomainError(
            _("Choose what the file holds."), code="imports.invalid_kind", fields={"kind": [_("Choose one.")]}
        )
    if mapping is not None and (mapping.agency_id != agency.pk or mapping.kind != kind):
        raise DomainError(
            _("This mapping is for another kind of file."),
            code="imports.wrong_mapping",
            fields={"mapping": [_("Choose a mapping for this kind of file.")]},
        )
    fmt = detect_format(data)
    run = ImportRun(
        agency=agency,
        kind=kind,
        mapping=mapping,
        dry_run=dry_run,
        created_by=actor,
        file_format=fmt,
        file_size=len(data),
    )
    run.file_name = f"import-{run.pk.hex[:8]}.{fmt}"
    token = crypto.encrypt(data, scope_id=agency.pk, aad=_aad(run.pk))
    run.storage_name = document_storage().save(
        f"{agency.pk}/imports/{uuid.uuid4().hex}.enc", ContentFile(token.encode("ascii"))
    )
    run.status = ImportStatus.QUEUED if mapping is not None else ImportStatus.DRAFT
    run.save()
    _audit_run("import.uploaded", actor, run)
    if mapping is not None:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _delete_file(run: ImportRun) -> None:
    if run.storage_name:
        document_storage().delete(run.storage_name)
        ImportRun.objects.filter(storage_name=run.storage_name).update(storage_name="")
        run.storage_name = ""


@transaction.atomic
def do_choose_mapping(*, actor: User, run: ImportRun, mapping: ImportMapping) -> ImportRun:
    """Remember the mapping chosen for an uploaded file (before its value mapping and dry run)."""
    if mapping.kind != run.kind or mapping.agency_id != run.agency_id:
        raise DomainError(_("This mapping is for another kind of file."), code="imports.wrong_mapping")
    ImportRun.objects.filter(pk=run.pk, agency_id=run.agency_id).update(mapping=mapping)
    run.mapping = mapping
    return run


@transaction.atomic
def do_start_dry_run(*, actor: User, run: ImportRun, mapping: ImportMapping) -> ImportRun:
    """The mapping is chosen: check the file against it (a dry run, in the background)."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk, agency_id=run.agency_id)
    if run.status not in (ImportStatus.DRAFT, ImportStatus.SUCCEEDED, ImportStatus.FAILED) or not run.dry_run:
        raise DomainError(_("This file is already being checked."), code="imports.not_draft")
    if mapping.kind != run.kind or mapping.agency_id != run.agency_id:
        raise DomainError(_("This mapping is for another kind of file."), code="imports.wrong_mapping")
    if not run.storage_name:
        raise DomainError(_("The file is no longer kept; upload it again."), code="imports.file_gone")
    run.mapping, run.status = mapping, ImportStatus.QUEUED
    run.row_errors, run.message, run.errors, run.created, run.linked, run.unchanged = [], "", 0, 0, 0, 0
    run.progress_done = run.progress_total = 0
    run.started_at = run.finished_at = None
    run.save()
    _audit_run("import.dry_run_started", actor, run)
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


@transaction.atomic
def do_confirm_import(*, actor: User, dry_run: ImportRun) -> ImportRun:
    """Import for real the file a finished dry run checked, with the same mapping (in the background)."""
    checked = ImportRun.objects.select_for_update().get(pk=dry_run.pk, agency_id=dry_run.agency_id)
    if not checked.dry_run or checked.status != ImportStatus.SUCCEEDED or checked.mapping_id is None:
        raise DomainError(_("Check the file first; then confirm the import."), code="imports.not_checked")
    if not checked.storage_name:
        raise DomainError(_("This file was already imported or discarded."), code="imports.file_gone")
    run = ImportRun(
        agency_id=checked.agency_id,
        kind=checked.kind,
        mapping_id=checked.mapping_id,
        dry_run=False,
        status=ImportStatus.QUEUED,
        created_by=actor,
        file_name=checked.file_name,
        file_format=checked.file_format,
        file_size=checked.file_size,
        storage_name=checked.storage_name,
        confirms=checked,
    )
    run.save()
    _audit_run("import.confirmed", actor, run)
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


@transaction.atomic
def do_discard(*, actor: User, run: ImportRun) -> ImportRun:
    """Delete a checked file that will not be imported."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk, agency_id=run.agency_id)
    if run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        raise DomainError(_("Wait until the run has finished."), code="imports.running")
    _delete_file(run)
    _audit_run("import.discarded", actor, run)
    return run


def _enqueue(run_id: Any) -> None:
    from reclaim.interop.imports_tasks import run_import_task

    run_import_task.enqueue(str(run_id))


def _audit_run(action: str, actor: User | None, run: ImportRun, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=run.agency_id,
            object_type="import_run",
            object_id=str(run.pk),
            detail={"kind": run.kind, "dry_run": run.dry_run, **detail},
        )
    )


def run_import(run_id: Any) -> ImportRun | None:
    """The worker's task body (tests call it directly): run a queued run to its end, then delete the uploaded
    file unless it is a dry run waiting to be confirmed. A run already started or finished is left alone."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update(of=("self",)).filter(pk=run_id).select_related("mapping").first()
        if run is None or run.status != ImportStatus.QUEUED or run.mapping is None:
            return run
        run.status, run.started_at = ImportStatus.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at", "updated_at"])
    try:
        data = stored_bytes(run)
        execute(run, run.mapping, data, actor=run.created_by)
    except Exception:
        logger.exception("import run %s failed", run.pk)
        _finish(run, ImportStatus.FAILED, message=_("Something went wrong while importing. Please try again."))
    if not run.dry_run:
        _delete_file(run)
    return run


def stored_bytes(run: ImportRun) -> bytes:
    """The uploaded file, decrypted (it was encrypted under the run that received it)."""
    owner = run.confirms_id or run.pk
    with document_storage().open(run.storage_name, "rb") as handle:
        token = handle.read().decode("ascii")
    return crypto.decrypt(token, aad=_aad(owner))


# --- The run itself ------------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class Prepared:
    row: int
    source_id: str
    values: dict[str, Any]
    parent_id: UUID | None = None
    link_to: UUID | None = None


@dataclass
class Outcome:
    created: int = 0
    linked: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    message: str = ""

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


def new_run(*, actor: User | None, mapping: ImportMapping, file_format: str, size: int, dry_run: bool) -> ImportRun:
    """A run started from the terminal (`import_records`): no stored file, it runs in the calling process."""
    run = ImportRun(
        agency_id=mapping.agency_id,
        mapping=mapping,
        kind=mapping.kind,
        dry_run=dry_run,
        status=ImportStatus.RUNNING,
        created_by=actor,
        file_format=file_format,
        file_size=size,
        started_at=timezone.now(),
    )
    run.file_name = f"import-{run.pk.hex[:8]}.{file_format}"
    run.save()
    _audit_run("import.started", actor, run)
    return run


def execute(
    run: ImportRun,
    mapping: ImportMapping,
    data: bytes,
    *,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Check every row of `data` against `mapping`, then (unless a dry run) write the good ones in batches.

    The cyclic garbage collector is paused meanwhile: the rows of a large file are hundreds of thousands of
    live objects that each full collection would walk again (it made a 100 000-row import quadratic)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _execute(run, mapping, data, actor=actor, progress=progress)
    finally:
        if paused:
            gc.enable()


def _execute(
    run: ImportRun,
    mapping: ImportMapping,
    data: bytes,
    *,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    outcome = Outcome()
    try:
        if len(data) > max_bytes():
            raise ImportFileError(
                _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)},
                "imports.too_large",
            )
        if actor is None and run.kind in (ImportKind.SERVICES, ImportKind.APPOINTMENTS):
            raise ImportFileError(
                _("Services and appointments are recorded by a member of staff: name one."), "imports.no_actor"
            )
        sheet = read_sheet(data)
        columns = _columns(mapping, sheet)
    except ImportFileError as exc:
        outcome.message = exc.message
        _finish(run, ImportStatus.FAILED, outcome=outcome)
        return outcome
    total = len(sheet.rows)
    _set_progress(run, 0, total, progress)
    prepared = _check_rows(run, mapping, sheet, columns, outcome)
    # One keyer for the whole run: the duplicate check and the writes share the keys of single names.
    keyer = MatchKeyer(scope_id=run.agency_id)
    if run.kind == ImportKind.SURVIVORS:
        _check_duplicates(run.agency_id, mapping, prepared, outcome, keyer)
    failed_rows = {e.row for e in outcome.errors}
    prepared = [p for p in prepared if p.row not in failed_rows]
    if run.dry_run:
        outcome.created = sum(1 for p in prepared if p.link_to is None)
        outcome.linked = len(prepared) - outcome.created
        _set_progress(run, total, total, progress)
    else:
        with _sqlite_page_cache():
            _write(
                run,
                mapping,
                prepared,
                outcome,
                actor=actor,
                done=total - len(prepared),
                total=total,
                progress=progress,
                keyer=keyer,
            )
    _finish(run, ImportStatus.SUCCEEDED, outcome=outcome)
    return outcome


def _set_progress(run: ImportRun, done: int, total: int, progress: Callable[[int, int], None] | None) -> None:
    run.progress_done, run.progress_total = done, total
    ImportRun.objects.filter(pk=run.pk).update(progress_done=done, progress_total=total)
    if progress is not None:
        progress(done, total)


def _finish(run: ImportRun, status: str, *, outcome: Outcome | None = None, message: str = "") -> None:
    run.status, run.finished_at = status, timezone.now()
    if outcome is not None:
        run.created, run.linked, run.unchanged = outcome.created, outcome.linked, outcome.unchanged
        run.errors = outcome.error_rows
        run.row_errors = [e.as_dict() for e in sorted(outcome.errors, key=lambda e: e.row)[:MAX_STORED_ERRORS]]
        message = message or outcome.message
    run.message = message[:300]
    if status == ImportStatus.SUCCEEDED:
        run.progress_done = run.progress_total
    run.save()
    _audit_run(
        "import.finished",
        run.created_by,
        run,
        status=status,
        created=run.created,
        linked=run.linked,
        unchanged=run.unchanged,
        errors=run.errors,
    )


def _columns(mapping: ImportMapping, sheet: Sheet) -> dict[str, int]:
    """{target field: column index}; a required field whose column is missing fails the whole file."""
    where = {header: index for index, header in reversed(list(enumerate(sheet.headers)))}
    columns: dict[str, int] = {}
    missing: list[str] = []
    for target in spec.fields_of(mapping.kind):
        header = mapping.column_map.get(target.name, "")
        if header and header in where:
            columns[target.name] = where[header]
        elif target.required:
            missing.append(header or str(target.label))
    if missing:
        raise ImportFileError(
            _("Required columns are missing from the file: %(c)s. No row was read.") % {"c": ", ".join(missing)},
            "imports.missing_columns",
        )
    return columns


def _check_rows(
    run: ImportRun, mapping: ImportMapping, sheet: Sheet, columns: dict[str, int], outcome: Outcome
) -> list[Prepared]:
    agency_id = run.agency_id
    done = set(
        ImportedRecord.objects.filter(
            agency_id=agency_id, source_system=mapping.source_system, kind=run.kind
        ).values_list("source_id", flat=True)
    )
    parents: dict[str, UUID] = {}
    if run.kind in spec.PARENT:
        parent_kind = spec.PARENT[run.kind][1]
        parents = dict(
            ImportedRecord.objects.filter(
                agency_id=agency_id, source_system=mapping.source_system, kind=parent_kind
            ).values_list("source_id", "object_id")
        )
    helpers = _Helpers(agency_id, run.kind)
    headers = {name: sheet.headers[index] for name, index in columns.items()}
    seen: dict[str, int] = {}
    prepared: list[Prepared] = []
    for offset, cells in enumerate(sheet.rows):
        number = offset + 2
        raw = {name: (cells[index].strip() if index < len(cells) else "") for name, index in columns.items()}
        formula = [name for name, value in raw.items() if is_formula(value)]
        errors = [
            RowError(number, headers[name], _("contains a formula; formulas are never imported")) for name in formula
        ]
        source_id = raw.get("source_id", "")
        if source_id in done and not errors:
            outcome.unchanged += 1
            continue
        if not source_id:
            errors.append(RowError(number, headers["source_id"], _("is empty; every row needs its id")))
        elif source_id in seen:
            errors.append(
                RowError(number, headers["source_id"], _("repeats the id of row %(n)s") % {"n": seen[source_id]})
            )
        else:
            seen[source_id] = number
        values = _typed_values(run.kind, number, raw, set(formula), headers, mapping, helpers, errors)
        parent_id = None
        if run.kind in spec.PARENT and not errors:
            parent_field = spec.PARENT[run.kind][0]
            parent_id = parents.get(values.get(parent_field) or "")
            if parent_id is None:
                errors.append(
                    RowError(
                        number,
                        headers[parent_field],
                        _("no record with this id was imported from this source system; import those first"),
                    )
                )
        errors.extend(helpers.check(number, values, headers))
        if errors:
            outcome.errors.extend(errors)
            continue
        prepared.append(Prepared(number, source_id, values, parent_id))
    return prepared


def _typed_values(  # noqa: PLR0917 — the row's context, passed down
    kind: str,
    number: int,
    raw: dict[str, str],
    skip: set[str],
    headers: dict[str, str],
    mapping: ImportMapping,
    helpers: _Helpers,
    errors: list[RowError],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for target in spec.fields_of(kind):
        if target.name not in raw or target.name in skip or target.name == "source_id":
            continue
        value, reason = _convert(target, raw[target.name], mapping, helpers)
        if reason:
            errors.append(RowError(number, headers[target.name], reason))
        else:
            values[target.name] = value
    return values


class _Helpers:
    """Look-ups a kind needs while checking rows, each made once per run."""

    def __init__(self, agency_id: UUID, kind: str) -> None:
        self.agency_id = agency_id
        self.kind = kind
        self.codes: dict[str, dict[str, str]] = {}
        self.staff: dict[str, UUID] | None = None
        self.today = timezone.localdate()
        self.now = timezone.now()

    def codes_of(self, target: spec.TargetField) -> dict[str, str]:
        """{lower-cased code or label: code} for a coded field."""
        if target.name not in self.codes:
            table: dict[str, str] = {}
            for code, label in spec.codes_for(target):
                table[code.lower()] = code
                table.setdefault(str(label).lower(), code)
            self.codes[target.name] = table
        return self.codes[target.name]

    def staff_by_email(self) -> dict[str, UUID]:
        if self.staff is None:
            rows = Membership.objects.filter(agency_id=self.agency_id, is_active=True).values_list(
                "user__email", "user_id"
            )
            self.staff = {email.lower(): user_id for email, user_id in rows}
        return self.staff

    def check(self, number: int, values: dict[str, Any], headers: dict[str, str]) -> list[RowError]:
        """Rules across fields, worded without values."""
        errors: list[RowError] = []
        if self.kind == ImportKind.SURVIVORS and not any(
            values.get(name) for name in ("given_name", "family_name", "chosen_name")
        ):
            column = next((headers[n] for n in ("given_name", "family_name", "chosen_name") if n in headers), "")
            errors.append(RowError(number, column, _("has no name; give at least one name")))
        if self.kind == ImportKind.SERVICES and values.get("delivered_on") and values["delivered_on"] > self.today:
            errors.append(
                RowError(
                    number, headers["delivered_on"], _("is in the future; a service is recorded after it is given")
                )
            )
        if self.kind == ImportKind.APPOINTMENTS:
            starts, ends = values.get("starts_at"), values.get("ends_at")
            if starts and starts < self.now:
                errors.append(
                    RowError(number, headers["starts_at"], _("has passed; only upcoming appointments are imported"))
                )
            if starts and ends and ends <= starts:
                errors.append(RowError(number, headers["ends_at"], _("is not after the start")))
            email = values.pop("attendee_email", "")
            if email:
                user_id = self.staff_by_email().get(email.lower())
                if user_id is None:
                    errors.append(
                        RowError(number, headers["attendee_email"], _("is not the email of a member of your staff"))
                    )
                values["attendee_ids"] = [user_id] if user_id else []
            elif not values.get("partner_name"):
                column = headers.get("attendee_email") or headers.get("partner_name") or headers["starts_at"]
                errors.append(RowError(number, column, _("needs a staff member's email or a partner agency")))
        return errors


def _convert(  # noqa: PLR0911, PLR0912 — one rule per type
    target: spec.TargetField, raw: str, mapping: ImportMapping, helpers: _Helpers
) -> tuple[Any, str]:
    """The typed value of a cell, or a reason it is not valid (never quoting the value)."""
    if not raw:
        if target.required:
            return None, _("is empty; this field is required")
        return (None if target.type in (spec.DATE, spec.DATETIME, spec.INT, spec.BOOL) else ""), ""
    if target.type == spec.TEXT:
        if len(raw) > target.max_length:
            return None, _("is too long (at most %(n)s characters)") % {"n": target.max_length}
        return raw, ""
    if target.type == spec.DATE:
        try:
            value = datetime.date.fromisoformat(raw[:10]) if len(raw) in (10, 19) else None
        except ValueError:
            value = None
        if value is None:
            return None, _("is not a date (expected YYYY-MM-DD)")
        if target.name == "date_of_birth" and value > helpers.today:
            return None, _("is in the future")
        return value, ""
    if target.type == spec.DATETIME:
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError:
            return None, _("is not a date and time (expected YYYY-MM-DD HH:MM)")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment, ""
    if target.type == spec.INT:
        try:
            number = int(raw)
        except ValueError:
            return None, _("is not a whole number")
        if not 0 < number <= 24 * 60:
            return None, _("is not between 1 and 1440 minutes")
        return number, ""
    if target.type == spec.BOOL:
        folded = raw.lower()
        if folded in _TRUE:
            return True, ""
        if folded in _FALSE:
            return False, ""
        return None, _("is not yes or no")
    mapped = mapping.value_maps.get(target.name, {})
    if raw in mapped:
        return mapped[raw], ""
    code = helpers.codes_of(target).get(raw.lower())
    if code is None:
        return None, _("has a value that is not mapped to a code (add it in the value mapping)")
    return code, ""


def _check_duplicates(
    agency_id: UUID,
    mapping: ImportMapping,
    prepared: list[Prepared],
    outcome: Outcome,
    keyer: MatchKeyer,
) -> None:
    """The intake duplicate check, batched; people imported earlier from this source system are left out."""
    same_source = set(
        ImportedRecord.objects.filter(
            agency_id=agency_id, source_system=mapping.source_system, kind=ImportKind.SURVIVORS, linked=False
        ).values_list("object_id", flat=True)
    )
    header = (
        mapping.column_map.get("given_name") or mapping.column_map.get("family_name") or mapping.column_map["source_id"]
    )
    size = batch_size()
    for start in range(0, len(prepared), size):
        chunk = prepared[start : start + size]
        probes = [
            Probe(
                given_name=p.values.get("given_name") or "",
                family_name=p.values.get("family_name") or "",
                date_of_birth=p.values.get("date_of_birth"),
                phone=p.values.get("phone") or "",
            )
            for p in chunk
        ]
        for item, found in zip(
            chunk, find_duplicates_many(agency_id, probes, exclude=same_source, keyer=keyer), strict=True
        ):
            # a row with only a name near several different names is a possible duplicate too: nobody can be
            # asked for its birth date now, so a person reviews it (and it never links: the match is not one)
            matches = found.to_review
            if not matches:
                continue
            if mapping.on_duplicate == OnDuplicate.LINK and len(found.candidates) == 1:
                item.link_to = matches[0].survivor.pk
            else:
                outcome.errors.append(RowError(item.row, header, _("possible duplicate of an existing record")))


def _crash_after() -> int | None:
    """Test hook: RECLAIM_IMPORT_CRASH_AFTER_ROWS=N kills the process (exit 137, like SIGKILL) once the batch
    that would take the import past N written rows is inserted but not committed. Honoured only with DEBUG or
    RECLAIM_IMPORT_TEST_HOOKS, never in production."""
    raw = os.environ.get(CRASH_HOOK, "")
    if not raw.isdigit() or not (settings.DEBUG or getattr(settings, "RECLAIM_IMPORT_TEST_HOOKS", False)):
        return None
    return int(raw)


@contextmanager
def _sqlite_page_cache() -> Iterator[None]:
    """On SQLite, a page cache of SQLITE_IMPORT_CACHE_KIB for the writes, then the one in force before, and the
    pages freed. Every person's blocking keys land at random places in the match-key index, and people's uuid keys
    in theirs: with SQLite's default 2 MB (or the 64 MB used before) a large import reads and rewrites the same
    pages again and again (at 100,000 people, 512 MB took a fifth off the write time, BENCHMARKS.md)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
            cursor.execute("PRAGMA shrink_memory")


def _write(
    run: ImportRun,
    mapping: ImportMapping,
    prepared: list[Prepared],
    outcome: Outcome,
    *,
    actor: User | None,
    done: int,
    total: int,
    progress: Callable[[int, int], None] | None,
    keyer: MatchKeyer,
) -> None:
    crash_after = _crash_after()
    written = 0
    size = batch_size()
    agency = Agency.objects.get(pk=run.agency_id)
    writer = _WRITERS[run.kind]
    if run.kind == ImportKind.SURVIVORS:
        writer = functools.partial(writer, keyer=keyer)
    for start in range(0, len(prepared), size):
        chunk = prepared[start : start + size]
        with transaction.atomic():
            keys, failed = writer(run, agency, chunk, actor)
            _insert_natural_keys(run, mapping.source_system, keys)
            created = sum(1 for item, _id in keys if item.link_to is None)
            write_audit(
                AuditEntry(
                    "import.batch",
                    actor_id=actor.pk if actor else None,
                    agency_id=run.agency_id,
                    object_type="import_run",
                    object_id=str(run.pk),
                    detail={"kind": run.kind, "created": created, "linked": len(keys) - created, "rows": len(chunk)},
                )
            )
            if crash_after is not None and written + len(chunk) > crash_after:
                os._exit(137)
        outcome.created += created
        outcome.linked += len(keys) - created
        outcome.errors.extend(failed)
        written += len(chunk)
        _set_progress(run, done + written, total, progress)


def _write_survivors(
    run: ImportRun, agency: Agency, chunk: list[Prepared], actor: User | None, *, keyer: MatchKeyer
) -> tuple[list[tuple[Prepared, UUID]], list[RowError]]:
    """The rows `do_create_survivor` makes, in bulk: encrypted fields (encrypted on insert), blind indexes and
    blocking keys; the agency row is locked to number the people like `do_register_survivor` does."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    keys: list[tuple[Prepared, UUID]] = [(item, item.link_to) for item in chunk if item.link_to is not None]
    fresh = [item for item in chunk if item.link_to is None]
    count = Survivor.objects.filter(agency=agency).count()
    survivors: list[Survivor] = []
    match_keys: list[tuple[UUID, int]] = []
    for number, item in enumerate(fresh, start=count + 1):
        v = item.values
        survivor = Survivor(
            agency=agency,
            reference=f"P{number:06d}",
            given_name=v.get("given_name") or None,
            family_name=v.get("family_name") or None,
            chosen_name=v.get("chosen_name") or None,
            date_of_birth=v.get("date_of_birth"),
            phone=v.get("phone") or None,
            pronouns=v.get("pronouns") or "",
            preferred_language=v.get("preferred_language") or "",
            gender=v.get("gender") or Gender.UNKNOWN,
            nationality_class=v.get("nationality_class") or "",
        )
        match_keys.extend((survivor.pk, key) for key in sorted(index_values(survivor, keyer=keyer)))
        survivors.append(survivor)
        keys.append((item, survivor.pk))
    insert_instances(survivors)
    _insert_match_keys(agency.pk, match_keys)
    return keys, []


def _insert_natural_keys(run: ImportRun, source_system: str, keys: list[tuple[Prepared, UUID]]) -> None:
    """The `ImportedRecord` rows of a batch, inserted like `_insert_match_keys` (no instance per row)."""
    if not keys:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    meta = ImportedRecord._meta
    uuid_value = meta.pk.get_db_prep_value
    now = meta.get_field("created_at").get_db_prep_value(timezone.now(), connection)
    agency, run_id = uuid_value(run.agency_id, connection), uuid_value(run.pk, connection)
    columns = [
        "id",
        "created_at",
        "updated_at",
        "agency_id",
        "source_system",
        "source_id",
        "kind",
        "object_id",
        "linked",
        "run_id",
    ]
    rows = [
        (
            uuid_value(uuid.uuid4(), connection),
            now,
            now,
            agency,
            source_system,
            item.source_id,
            run.kind,
            uuid_value(object_id, connection),
            item.link_to is not None,
            run_id,
        )
        for item, object_id in keys
    ]
    insert_values(ImportedRecord, columns, rows)


def _insert_match_keys(agency_id: UUID, match_keys: list[tuple[UUID, int]]) -> None:
    """The rows `SurvivorMatchKey.objects.bulk_create` would insert, without a model instance per key (they are
    most of an import's rows: COPY on PostgreSQL); the database numbers them."""
    if not match_keys:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    uuid_value = Survivor._meta.pk.get_db_prep_value
    agency = uuid_value(agency_id, connection)
    survivors = {survivor_id: uuid_value(survivor_id, connection) for survivor_id, _key in match_keys}
    insert_values(
        SurvivorMatchKey,
        ("agency_id", "survivor_id", "key"),
        ((agency, survivors[survivor_id], key) for survivor_id, key in match_keys),
    )


def _write_cases(
    run: ImportRun, agency: Agency, chunk: list[Prepared], actor: User | None
) -> tuple[list[tuple[Prepared, UUID]], list[RowError]]:
    survivors = Survivor.objects.in_bulk([item.parent_id for item in chunk])
    keys: list[tuple[Prepared, UUID]] = []
    failed: list[RowError] = []
    for item in chunk:
        v = item.values
        try:
            with transaction.atomic():
                case = do_open_case(
                    actor=actor,  # type: ignore[arg-type]  # None: the system, no lead worker
                    survivor=survivors[item.parent_id],
                    identified_on=v.get("identified_on"),
                    identification_source=v.get("identification_source") or "",
                    is_minor=v.get("is_minor"),
                    danger_now=bool(v.get("danger_now")),
                    trafficking_status=v.get("trafficking_status") or "",
                )
        except DomainError as exc:
            failed.append(RowError(item.row, "", _("could not be saved: %(m)s") % {"m": exc.message}))
            continue
        keys.append((item, case.pk))
    return keys, failed


def _service_entry(item: Prepared) -> ServiceEntry:
    v = item.values
    return ServiceEntry(
        service_type=v["service_type"],
        delivered_on=v["delivered_on"],
        duration_minutes=v.get("duration_minutes"),
        mode=v.get("mode") or ServiceEntry.mode,
        outcome=v.get("outcome") or "",
        notes=v.get("notes") or "",
    )


def _write_services(
    run: ImportRun, agency: Agency, chunk: list[Prepared], actor: User | None
) -> tuple[list[tuple[Prepared, UUID]], list[RowError]]:
    """One `do_record_services` call for the batch; when it refuses, each row alone to find which ones."""
    if actor is None:
        raise DomainError(_("Services are recorded by a member of staff."), code="imports.no_actor")
    cases = Case.objects.select_related("agency").in_bulk([item.parent_id for item in chunk])
    entries = [(cases[item.parent_id], _service_entry(item)) for item in chunk]
    try:
        with transaction.atomic():
            records = do_record_services(actor=actor, entries=entries)
        return [(item, record.pk) for item, record in zip(chunk, records, strict=True)], []
    except DomainError:
        pass
    keys: list[tuple[Prepared, UUID]] = []
    failed: list[RowError] = []
    for item, (case, entry) in zip(chunk, entries, strict=True):
        try:
            with transaction.atomic():
                record = do_record_service(actor=actor, case=case, entry=entry)
        except DomainError as exc:
            reasons = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.fields.items()) or exc.message
            failed.append(RowError(item.row, "", _("could not be saved: %(m)s") % {"m": reasons}))
            continue
        keys.append((item, record.pk))
    return keys, failed


def _write_appointments(
    run: ImportRun, agency: Agency, chunk: list[Prepared], actor: User | None
) -> tuple[list[tuple[Prepared, UUID]], list[RowError]]:
    """Booked through `do_book_appointment`; overlaps are allowed (the old calendar already held them)."""
    if actor is None:
        raise DomainError(_("Appointments are booked by a member of staff."), code="imports.no_actor")
    cases = Case.objects.in_bulk([item.parent_id for item in chunk])
    keys: list[tuple[Prepared, UUID]] = []
    failed: list[RowError] = []
    for item in chunk:
        v = item.values
        values = AppointmentValues(
            starts_at=v["starts_at"],
            ends_at=v["ends_at"],
            attendee_ids=v.get("attendee_ids") or [],
            partner_name=v.get("partner_name") or "",
            service_type=v.get("service_type") or "",
            purpose=v.get("purpose") or "",
            mode=v.get("mode") or AppointmentValues.mode,
        )
        try:
            with transaction.atomic():
                appointment = do_book_appointment(
                    actor=actor, case=cases[item.parent_id], values=values, allow_conflict=True
                )
        except DomainError as exc:
            reasons = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.fields.items()) or exc.message
            failed.append(RowError(item.row, "", _("could not be saved: %(m)s") % {"m": reasons}))
            continue
        keys.append((item, appointment.pk))
    return keys, failed


_WRITERS: dict[str, Callable[..., tuple[list[tuple[Prepared, UUID]], list[RowError]]]] = {
    ImportKind.SURVIVORS: _write_survivors,
    ImportKind.CASES: _write_cases,
    ImportKind.SERVICES: _write_services,
    ImportKind.APPOINTMENTS: _write_appointments,
}
