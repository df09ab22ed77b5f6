"""Reference vocabularies (HTCDS v2.0 plus the caller's agency's own terms), for filling in coded fields; agency
admins add their agency's own terms, list them (retired ones included) and retire them, as on a vocabulary's admin
page (the standard's are read-only). The page has no way to bring a retired term back, so neither has the API."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts import access, actions
from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership, agency_terms_for_admin
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.core import vocabulary as vocab
from reclaim.core.models import Term

router = Router(tags=["vocabularies"])


class VocabularyOut(Schema):
    code: str
    name: str
    standard: str
    standard_version: str
    multiple: bool


class TermOut(Schema):
    id: UUID
    code: str
    label: str
    standard: bool  # False for the agency's own extension
    introduced_in: str


def _agency_id(request: HttpRequest) -> object:
    """Staff of an agency read the lists; anyone else (a platform operator) is refused."""
    membership = active_membership(request_user(request))
    if membership is None:
        raise PermissionDenied
    return membership.agency_id


@router.get("/vocabularies", response={200: list[VocabularyOut], 403: ErrorOut}, summary="Reference vocabularies")
def list_vocabularies(request: HttpRequest) -> list[VocabularyOut]:
    _agency_id(request)
    return [
        VocabularyOut(
            code=v.code, name=v.name, standard=v.standard, standard_version=v.standard_version, multiple=v.multiple
        )
        for v in vocab.vocabularies()
    ]


@router.get(
    "/vocabularies/{code}/terms",
    response={200: list[TermOut], 403: ErrorOut, 404: ErrorOut},
    summary="Current terms of a vocabulary: the standard's, then the caller's agency's own",
)
def list_terms(request: HttpRequest, code: str) -> list[TermOut]:
    agency_id = _agency_id(request)
    if vocab.vocabulary_by_code(code) is None:
        raise Http404
    rows = vocab.terms(code, agency_id)
    return [
        TermOut(
            id=t.pk,
            code=t.code,
            label=vocab.display_label(t),
            standard=t.agency_id is None,
            introduced_in=t.introduced_in,
        )
        for t in rows
    ]


class AgencyTermIn(Schema):
    code: str = Field(max_length=64, description="x_ then a letter, then letters, digits or underscores")
    label: str = Field(max_length=200)


class AgencyTermOut(Schema):
    id: UUID
    vocabulary: str
    code: str
    label: str
    retired: bool


def _agency_term_out(term: Term) -> AgencyTermOut:
    return AgencyTermOut(
        id=term.pk, vocabulary=term.vocabulary.code, code=term.code, label=term.label, retired=term.retired
    )


@router.post(
    "/vocabularies/{code}/terms",
    response={201: AgencyTermOut, 400: ErrorOut, 403: ErrorOut},
    summary="Add one of your agency's own terms to a vocabulary (agency admins); a bad or taken code is a 400",
)
def add_term(request: HttpRequest, code: str, payload: AgencyTermIn) -> Status[AgencyTermOut]:
    user = request_user(request)
    access.require_staff_manager(user)
    vocabulary = vocab.vocabulary_by_code(code)
    if vocabulary is None:
        raise Http404
    vocabulary = access.access_vocabulary_for_admin(user, vocabulary.pk)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — require_staff_manager implies a membership
    term = actions.do_add_agency_term(
        actor=user, agency=membership.agency, vocabulary=vocabulary, code=payload.code, label=payload.label
    )
    return Status(201, _agency_term_out(term))


class AgencyTermQuery(PageQuery):
    retired: bool | None = Field(default=None, description="true: only retired terms; false: only those in use")


@router.get(
    "/vocabularies/{code}/agency-terms",
    response={200: Page[AgencyTermOut], 403: ErrorOut},
    summary="Your agency's own terms of a vocabulary, retired ones included, in display order (agency admins)",
)
def list_agency_terms(request: HttpRequest, code: str, query: Query[AgencyTermQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_staff_manager(user)
    vocabulary = vocab.vocabulary_by_code(code)
    if vocabulary is None:
        raise Http404
    vocabulary = access.access_vocabulary_for_admin(user, vocabulary.pk)
    rows = agency_terms_for_admin(user).filter(vocabulary=vocabulary).order_by("sort", "label")
    if query.retired is not None:
        rows = rows.filter(retired=query.retired)
    return paginate(rows, query, _agency_term_out)


@router.post(
    "/vocabularies/terms/{uuid:term_id}/retire",
    response={200: AgencyTermOut, 403: ErrorOut},
    summary="Retire one of your agency's terms: no longer offered, still shown on records that use it (agency admins)",
)
def retire_term(request: HttpRequest, term_id: UUID) -> AgencyTermOut:
    user = request_user(request)
    term = access.access_agency_term_by_id(user, term_id, for_write=True)
    return _agency_term_out(actions.do_retire_agency_term(actor=user, term=term))
