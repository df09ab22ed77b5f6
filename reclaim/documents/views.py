"""Documents on a case (a tab of the case file) and on a survivor record; upload, new version, archive,
and the audited download. Every view goes through a gate first; file checks happen in actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.documents import access, actions, files, selectors
from reclaim.documents.forms import ArchiveForm, NewVersionForm, UploadForm
from reclaim.people.access import access_survivor_by_id, can_edit_survivor

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponseRedirect

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.documents.models import Document, DocumentVersion
    from reclaim.people.models import Survivor


def _split(documents: list[Document]) -> tuple[list[Document], list[Document]]:
    return [d for d in documents if not d.is_archived], [d for d in documents if d.is_archived]


def _case_page(request: HttpRequest, user: User, case: Case, form: UploadForm | None = None) -> HttpResponse:
    current, archived = _split(list(selectors.documents_for_case(user, case)))
    return render(
        request,
        "documents/case_documents.html",
        {
            "case": case,
            "tab": "documents",
            "documents": current,
            "archived": archived,
            "can_edit": can_edit_case(user, case),
            "upload_form": form or UploadForm(user=user),
            "upload_url_name": "documents:case_upload",
            "owner_id": case.pk,
        },
    )


def case_documents(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    return _case_page(request, user, case)


@sensitive_post_parameters("title")
@require_POST
def case_upload(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    form = UploadForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            actions.do_upload_document(actor=user, survivor=case.survivor, case=case, **_upload_fields(form))
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect("documents:case_documents", case_id=case.pk)
    return _case_page(request, user, case, form)


def _upload_fields(form: UploadForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "confidentiality": data["confidentiality"],
        "title": data["title"],
        "upload": data["file"],
    }


def _survivor_page(
    request: HttpRequest, user: User, survivor: Survivor, form: UploadForm | None = None
) -> HttpResponse:
    current, archived = _split(list(selectors.documents_for_survivor(user, survivor)))
    return render(
        request,
        "documents/survivor_documents.html",
        {
            "survivor": survivor,
            "documents": current,
            "archived": archived,
            "can_edit": can_edit_survivor(user, survivor),
            "upload_form": form or UploadForm(user=user),
            "upload_url_name": "documents:survivor_upload",
            "owner_id": survivor.pk,
            "show_case": True,
        },
    )


def survivor_documents(request: HttpRequest, survivor_id: UUID) -> HttpResponse:
    user = request_user(request)
    survivor = access_survivor_by_id(user, survivor_id)
    return _survivor_page(request, user, survivor)


@sensitive_post_parameters("title")
@require_POST
def survivor_upload(request: HttpRequest, survivor_id: UUID) -> HttpResponse:
    user = request_user(request)
    survivor = access_survivor_by_id(user, survivor_id, for_write=True)
    form = UploadForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            actions.do_upload_document(actor=user, survivor=survivor, **_upload_fields(form))
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect("documents:survivor_documents", survivor_id=survivor.pk)
    return _survivor_page(request, user, survivor, form)


def _detail_page(
    request: HttpRequest,
    user: User,
    document: Document,
    *,
    version_form: NewVersionForm | None = None,
    archive_form: ArchiveForm | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "document": document,
        "versions": list(selectors.versions_of(document)),
        "can_edit": access.can_edit_document(user, document),
        "version_form": version_form or NewVersionForm(initial={"version": document.version}),
        "archive_form": archive_form or ArchiveForm(initial={"version": document.version}),
        "conflict": conflict,
    }
    if document.case is not None:
        context.update(base_template="cases/case_base.html", case=document.case, tab="documents")
    else:
        context.update(base_template="documents/survivor_base.html", survivor=document.survivor)
    return render(request, "documents/document_detail.html", context)


def document_detail(request: HttpRequest, document_id: UUID) -> HttpResponse:
    user = request_user(request)
    document = access.access_document_by_id(user, document_id)
    return _detail_page(request, user, document)


@require_POST
def document_add_version(request: HttpRequest, document_id: UUID) -> HttpResponse:
    user = request_user(request)
    document = access.access_document_by_id(user, document_id, for_write=True)
    form = NewVersionForm(request.POST, request.FILES)
    conflict = None
    if form.is_valid():
        try:
            version = actions.do_add_document_version(
                actor=user,
                document=document,
                upload=form.cleaned_data["file"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Version %(number)s added.") % {"number": version.number})
            return redirect("documents:detail", document_id=document.pk)
    document.refresh_from_db()
    return _detail_page(request, user, document, version_form=form, conflict=conflict)


@sensitive_post_parameters("reason")
@require_POST
def document_archive(request: HttpRequest, document_id: UUID) -> HttpResponse:
    user = request_user(request)
    document = access.access_document_by_id(user, document_id, for_write=True)
    form = ArchiveForm(request.POST)
    conflict = None
    if form.is_valid():
        try:
            actions.do_archive_document(
                actor=user,
                document=document,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Document archived. It stays in the record under “Archived”."))
            return _back_to_list(document)
    document.refresh_from_db()
    return _detail_page(request, user, document, archive_form=form, conflict=conflict)


def _back_to_list(document: Document) -> HttpResponseRedirect:
    if document.case_id is not None:
        return redirect("documents:case_documents", case_id=document.case_id)
    return redirect("documents:survivor_documents", survivor_id=document.survivor_id)


def file_response(document: Document, version: DocumentVersion, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=version.content_type)
    name = files.download_name(document.pk, version.number, version.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or "attachment"
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


@require_GET
def document_download(request: HttpRequest, document_id: UUID, number: int) -> HttpResponse:
    user = request_user(request)
    document, version = access.access_version(user, document_id, number)
    try:
        data = actions.do_download_version(actor=user, document=document, version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("documents:detail", document_id=document.pk)
    return file_response(document, version, data)
