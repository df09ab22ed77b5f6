"""Legacy import API (agency admins): POST /imports uploads a CSV or XLSX file with a saved mapping and queues a
dry run or an import for the task worker; GET /imports/{id} follows it (status, progress, counts, row errors
worded without cell values); GET/POST /imports/mappings list and save the named column and value mappings."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.interop import imports_access as access
from reclaim.interop import imports_actions as actions
from reclaim.interop import imports_selectors as selectors
from reclaim.interop.imports_models import ImportMapping, ImportRun, OnDuplicate

router = Router(tags=["imports"])


class ImportMappingOut(Schema):
    id: UUID
    name: str
    kind: str = Field(description="survivors | cases | services | appointments")
    source_system: str
    column_map: dict[str, str] = Field(description="{target field: source column header}")
    value_maps: dict[str, dict[str, str]] = Field(description="{coded field: {source value: Reclaim code}}")
    on_duplicate: str = Field(
        description="skip (report possible duplicates, default) | link (link to the existing person)"
    )
    version: int

    @staticmethod
    def build(mapping: ImportMapping) -> ImportMappingOut:
        return ImportMappingOut(
            id=mapping.pk,
            name=mapping.name,
            kind=mapping.kind,
            source_system=mapping.source_system,
            column_map=mapping.column_map,
            value_maps=mapping.value_maps,
            on_duplicate=mapping.on_duplicate,
            version=mapping.version,
        )


class ImportMappingIn(Schema):
    name: str = Field(max_length=120)
    kind: str
    source_system: str = Field(max_length=60)
    column_map: dict[str, str]
    value_maps: dict[str, dict[str, str]] = Field(default_factory=dict)
    on_duplicate: str = OnDuplicate.SKIP


class ImportRowErrorOut(Schema):
    row: int = Field(description="Row number in the file (the header is row 1)")
    column: str
    reason: str = Field(description="What is wrong, in words; never the cell's value")


class ImportRunOut(Schema):
    id: UUID
    kind: str
    mapping: str | None
    dry_run: bool
    status: str = Field(description="draft | queued | running | succeeded | failed")
    created: int
    linked: int
    unchanged: int = Field(description="Rows already imported earlier, left as they are")
    errors: int = Field(description="Rows with errors, not imported")
    row_errors: list[ImportRowErrorOut]
    message: str = Field(description="Why the whole file could not be imported, if it could not")
    progress_done: int
    progress_total: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def build(run: ImportRun) -> ImportRunOut:
        return ImportRunOut(
            id=run.pk,
            kind=run.kind,
            mapping=run.mapping.name if run.mapping else None,
            dry_run=run.dry_run,
            status=run.status,
            created=run.created,
            linked=run.linked,
            unchanged=run.unchanged,
            errors=run.errors,
            row_errors=[ImportRowErrorOut(**e) for e in run.row_errors],
            message=run.message,
            progress_done=run.progress_done,
            progress_total=run.progress_total,
            created_at=run.created_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
        )


class ImportRunIn(Schema):
    mapping: str = Field(description="The name of one of your agency's saved mappings")
    dry_run: bool = Field(default=True, description="true: check every row and save nothing")


@router.get(
    "/imports/mappings",
    response={200: Page[ImportMappingOut], 403: ErrorOut},
    summary="Your agency's saved import mappings (agency admins)",
)
def list_mappings(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    agency = access.require_importer(request_user(request))
    return paginate(selectors.mappings_of(agency.pk), page, ImportMappingOut.build)


@router.post(
    "/imports/mappings",
    response={201: ImportMappingOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Save a named mapping; 400 naming the field when a column, field or code is not valid",
)
def create_mapping(request: HttpRequest, payload: ImportMappingIn) -> Status[ImportMappingOut]:
    user = request_user(request)
    agency = access.require_importer(user)
    mapping = actions.do_save_mapping(actor=user, agency=agency, data=actions.MappingInput(**payload.dict()))
    return Status(201, ImportMappingOut.build(mapping))


@router.post(
    "/imports",
    response={202: ImportRunOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Upload a CSV or XLSX file (multipart: file, mapping, dry_run) and queue a dry run or an import",
)
def start_import(request: HttpRequest, file: File[UploadedFile], payload: Form[ImportRunIn]) -> Status[Any]:
    user = request_user(request)
    agency = access.require_importer(user)
    mapping = selectors.mapping_named(agency.pk, payload.mapping)
    if mapping is None:
        return Status(
            422,
            ErrorOut(
                code="imports.unknown_mapping",
                message=_("Your agency has no mapping with this name."),
                fields={"mapping": [_("Choose one of your saved mappings.")]},
            ),
        )
    if file.size is not None and file.size > actions.max_bytes():
        return Status(
            422,
            ErrorOut(code="imports.too_large", message=_("The file is too large."), fields={"file": [_("Too large.")]}),
        )
    run = actions.do_upload(
        actor=user, agency=agency, kind=mapping.kind, data=file.read(), mapping=mapping, dry_run=payload.dry_run
    )
    return Status(202, ImportRunOut.build(run))


@router.get(
    "/imports/{uuid:run_id}",
    response={200: ImportRunOut, 403: ErrorOut, 404: ErrorOut},
    summary="One import run: status, progress, counts and row errors",
)
def get_import(request: HttpRequest, run_id: UUID) -> ImportRunOut:
    return ImportRunOut.build(access.access_run(request_user(request), run_id))
