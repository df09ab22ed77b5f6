"""Documents API: list and upload on a case or on a survivor's record, read one, add a version, archive, and the
audited download. Same gates, actions and audit rows as the web pages; uploads are multipart."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from reclaim.accounts.http import request_user
from reclaim.accounts.models import User
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.cases.models import Case
from reclaim.documents import access, actions, selectors
from reclaim.documents.models import Confidentiality, Document, DocumentKind, DocumentVersion
from reclaim.documents.views import file_response
from reclaim.people.access import access_survivor_by_id
from reclaim.people.models import Survivor

router = Router(tags=["documents"])


class VersionOut(Schema):
    number: int
    original_filename: str | None
    content_type: str
    size: int
    created_at: datetime
    uploaded_by_id: UUID | None

    @staticmethod
    def from_version(version: DocumentVersion) -> VersionOut:
        return VersionOut(
            number=version.number,
            original_filename=version.original_filename,
            content_type=version.content_type,
            size=version.size,
            created_at=version.created_at,
            uploaded_by_id=version.uploaded_by_id,
        )


class DocumentOut(Schema):
    id: UUID
    survivor_id: UUID
    case_id: UUID | None
    kind: str
    confidentiality: str
    title: str | None
    latest_number: int
    created_at: datetime
    uploaded_by_id: UUID | None
    archived_at: datetime | None
    archive_reason: str | None
    version: int
    versions: list[VersionOut]

    @staticmethod
    def from_document(document: Document, versions: list[DocumentVersion]) -> DocumentOut:
        return DocumentOut(
            id=document.pk,
            survivor_id=document.survivor_id,
            case_id=document.case_id,
            kind=document.kind,
            confidentiality=document.confidentiality,
            title=document.title,
            latest_number=document.latest_number,
            created_at=document.created_at,
            uploaded_by_id=document.uploaded_by_id,
            archived_at=document.archived_at,
            archive_reason=document.archive_reason,
            version=document.version,
            versions=[VersionOut.from_version(v) for v in versions],
        )


class DocumentUploadIn(Schema):
    kind: DocumentKind
    confidentiality: Confidentiality = Confidentiality.GENERAL
    title: str = Field(default="", max_length=200)


class ArchiveIn(Schema):
    reason: str = Field(max_length=500)
    version: int


UPLOAD_RESPONSES = {  # an upload's answers, here and for legal matters' documents
    201: DocumentOut,
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
}


def _page_of(documents: QuerySet[Document], page: PageQuery, *, include_archived: bool) -> dict[str, Any]:
    if not include_archived:
        documents = documents.filter(archived_at__isnull=True)
    return paginate(documents, page, lambda d: DocumentOut.from_document(d, list(d.versions.all())))


def _upload(
    user: User, survivor: Survivor, case: Case | None, file: UploadedFile, payload: DocumentUploadIn
) -> Status[DocumentOut]:
    document = actions.do_upload_document(
        actor=user,
        survivor=survivor,
        case=case,
        kind=payload.kind,
        confidentiality=payload.confidentiality,
        title=payload.title,
        upload=file,
    )
    return Status(201, DocumentOut.from_document(document, list(selectors.versions_of(document))))


@router.get(
    "/cases/{uuid:case_id}/documents",
    response={200: Page[DocumentOut], 404: ErrorOut},
    summary="Documents on a case that the caller may see (clinical and legal ones need the capability)",
)
def list_case_documents(
    request: HttpRequest, page: Query[PageQuery], case_id: UUID, include_archived: bool = False
) -> dict[str, Any]:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    return _page_of(selectors.documents_for_case(user, case), page, include_archived=include_archived)


@router.post(
    "/cases/{uuid:case_id}/documents",
    response=UPLOAD_RESPONSES,
    summary="Upload a document to a case (multipart: file, kind, confidentiality, title); 413 when too large, "
    "415 for a refused type",
)
def upload_case_document(
    request: HttpRequest, case_id: UUID, file: File[UploadedFile], payload: Form[DocumentUploadIn]
) -> Status[DocumentOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    return _upload(user, case.survivor, case, file, payload)


@router.get(
    "/survivors/{uuid:survivor_id}/documents",
    response={200: Page[DocumentOut], 404: ErrorOut},
    summary="A survivor's documents: their own and those on their cases that the caller may see",
)
def list_survivor_documents(
    request: HttpRequest, page: Query[PageQuery], survivor_id: UUID, include_archived: bool = False
) -> dict[str, Any]:
    user = request_user(request)
    survivor = access_survivor_by_id(user, survivor_id)
    return _page_of(selectors.documents_for_survivor(user, survivor), page, include_archived=include_archived)


@router.post(
    "/survivors/{uuid:survivor_id}/documents",
    response=UPLOAD_RESPONSES,
    summary="Upload a document to a survivor's record, on no case (multipart: file, kind, confidentiality, title); "
    "413 when too large, 415 for a refused type",
)
def upload_survivor_document(
    request: HttpRequest, survivor_id: UUID, file: File[UploadedFile], payload: Form[DocumentUploadIn]
) -> Status[DocumentOut]:
    user = request_user(request)
    survivor = access_survivor_by_id(user, survivor_id, for_write=True)
    return _upload(user, survivor, None, file, payload)


@router.get(
    "/documents/{uuid:document_id}",
    response={200: DocumentOut, 404: ErrorOut},
    summary="One document with its versions (audited read)",
)
def get_document(request: HttpRequest, document_id: UUID) -> DocumentOut:
    document = access.access_document_by_id(request_user(request), document_id)
    return DocumentOut.from_document(document, list(selectors.versions_of(document)))


@router.post(
    "/documents/{uuid:document_id}/versions",
    response={
        201: DocumentOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
    },
    summary="Upload a new version (multipart: file, version = the document version you last read); 413 when too "
    "large, 415 for a refused type",
)
def add_document_version(
    request: HttpRequest, document_id: UUID, file: File[UploadedFile], version: Form[int]
) -> Status[DocumentOut]:
    user = request_user(request)
    document = access.access_document_by_id(user, document_id, for_write=True)
    actions.do_add_document_version(actor=user, document=document, upload=file, expected_version=version)
    return Status(201, DocumentOut.from_document(document, list(selectors.versions_of(document))))


@router.post(
    "/documents/{uuid:document_id}/archive",
    response={200: DocumentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Archive a document with a reason; it is kept and stays readable",
)
def archive_document(request: HttpRequest, document_id: UUID, payload: ArchiveIn) -> DocumentOut:
    user = request_user(request)
    document = access.access_document_by_id(user, document_id, for_write=True)
    document = actions.do_archive_document(
        actor=user, document=document, reason=payload.reason, expected_version=payload.version
    )
    return DocumentOut.from_document(document, list(selectors.versions_of(document)))


@router.get(
    "/documents/{uuid:document_id}/versions/{int:number}/content",
    response={400: ErrorOut, 404: ErrorOut},
    summary="Download one version's file (audited); served as an attachment with a neutral file name",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, decrypted",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_version(request: HttpRequest, document_id: UUID, number: int) -> HttpResponse:
    user = request_user(request)
    document, version = access.access_version(user, document_id, number)
    data = actions.do_download_version(actor=user, document=document, version=version)
    return file_response(document, version, data)
