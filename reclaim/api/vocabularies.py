"""Reference vocabularies (HTCDS v2.0 plus the caller's agency's own terms), for filling in coded fields."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.api.schemas import ErrorOut
from reclaim.core import vocabulary as vocab

router = Router(tags=["vocabularies"])


class VocabularyOut(Schema):
    code: str
    name: str
    standard: str
    standard_version: str
    multiple: bool


class TermOut(Schema):
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
        TermOut(code=t.code, label=vocab.display_label(t), standard=t.agency_id is None, introduced_in=t.introduced_in)
        for t in rows
    ]
