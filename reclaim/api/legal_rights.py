"""Rights information API: the agency's rights pages (read by staff who work cases and agency admins, written
by admins, directors, supervisors and the legal team) and the pages shared with a survivor on a case."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.core.errors import DomainError
from reclaim.legal import actions, rights_access, rights_selectors
from reclaim.legal.actions import ARTICLE_BODY_MAX, ARTICLE_TITLE_MAX
from reclaim.legal.models import RightsArticle, RightsShare

router = Router(tags=["legal"])


class RightsArticleOut(Schema):
    id: UUID
    jurisdiction: str
    language: str
    topic: str
    title: str
    body: str  # plain text; blank lines separate paragraphs. Render it escaped.
    shipped: bool  # the shipped text (no agency)
    based_on_id: UUID | None  # the shipped page an agency's version replaces
    published: bool
    updated_at: datetime
    version: int

    @staticmethod
    def of(article: RightsArticle) -> RightsArticleOut:
        return RightsArticleOut(
            id=article.pk,
            jurisdiction=article.jurisdiction,
            language=article.language,
            topic=article.topic,
            title=article.title,
            body=article.body,
            shipped=article.agency_id is None,
            based_on_id=article.based_on_id,
            published=article.published,
            updated_at=article.updated_at,
            version=article.version,
        )


class RightsArticleQuery(PageQuery):
    jurisdiction: str = Field(default="", max_length=20)
    language: str = Field(default="", max_length=12)
    topic: str = Field(default="", max_length=60)


class RightsArticleIn(Schema):
    jurisdiction: str = Field(max_length=20)
    language: str = Field(max_length=12)
    topic: str = Field(max_length=60)
    title: str = Field(max_length=ARTICLE_TITLE_MAX)
    body: str = Field(max_length=ARTICLE_BODY_MAX)


class RightsArticlePatchIn(Schema):
    """`version` is the one you read. Patching a shipped page makes (or updates) your agency's version;
    `published: false` on your agency's version shows the shipped text again (or archives a page of your own)."""

    version: int
    title: str | None = Field(default=None, max_length=ARTICLE_TITLE_MAX)
    body: str | None = Field(default=None, max_length=ARTICLE_BODY_MAX)
    published: bool | None = None


class RightsShareOut(Schema):
    id: UUID
    case_id: UUID
    article_id: UUID
    topic: str
    language: str
    title: str
    shared_by_id: UUID | None
    shared_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by_id: UUID | None

    @staticmethod
    def of(share: RightsShare) -> RightsShareOut:
        return RightsShareOut(
            id=share.pk,
            case_id=share.case_id,
            article_id=share.article_id,
            topic=share.article.topic,
            language=share.article.language,
            title=share.article.title,
            shared_by_id=share.shared_by_id,
            shared_at=share.created_at,
            withdrawn_at=share.withdrawn_at,
            withdrawn_by_id=share.withdrawn_by_id,
        )


class RightsShareIn(Schema):
    article_id: UUID


@router.get(
    "/legal/rights-articles",
    response={200: Page[RightsArticleOut], 403: ErrorOut, 422: ErrorOut},
    summary="The agency's rights pages: one per topic and language, the agency's version where it has one",
)
def list_rights_articles(request: HttpRequest, query: Query[RightsArticleQuery]) -> dict[str, Any]:
    agency_id = rights_access.require_library_reader(request_user(request))
    articles = rights_selectors.articles_for_agency(
        agency_id, jurisdiction=query.jurisdiction, language=query.language, topic=query.topic
    )
    return paginate(articles, query, RightsArticleOut.of)


@router.get(
    "/legal/rights-articles/{uuid:article_id}",
    response={200: RightsArticleOut, 403: ErrorOut, 404: ErrorOut},
    summary="One rights page (shipped, or your agency's)",
)
def get_rights_article(request: HttpRequest, article_id: UUID) -> RightsArticleOut:
    return RightsArticleOut.of(rights_access.access_article_by_id(request_user(request), article_id))


@router.post(
    "/legal/rights-articles",
    response={201: RightsArticleOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Add a rights page of your agency's own: a new topic, or a topic in another language",
)
def add_rights_article(request: HttpRequest, payload: RightsArticleIn) -> Status[RightsArticleOut]:
    user = request_user(request)
    agency_id = rights_access.require_article_editor(user)
    article = actions.do_add_rights_article(actor=user, agency_id=agency_id, **payload.model_dump())
    return Status(201, RightsArticleOut.of(article))


@router.patch(
    "/legal/rights-articles/{uuid:article_id}",
    response={200: RightsArticleOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a rights page for your agency (send `version`; 409 when someone else saved first)",
)
def patch_rights_article(request: HttpRequest, article_id: UUID, payload: RightsArticlePatchIn) -> RightsArticleOut:
    user = request_user(request)
    article = rights_access.access_article_by_id(user, article_id, for_write=True)
    agency_id = rights_access.require_article_editor(user)
    if payload.published is False:
        if payload.title is not None or payload.body is not None:
            raise DomainError(
                _("Send either published: false or new words, not both."),
                code="legal.article_patch_mixed",
                fields={"published": [_("Send it alone.")]},
            )
        return RightsArticleOut.of(
            actions.do_unpublish_rights_article(actor=user, article=article, expected_version=payload.version)
        )
    target = rights_selectors.edit_target(agency_id, article)
    saved = actions.do_edit_rights_article(
        actor=user,
        agency_id=agency_id,
        article=article,
        title=payload.title if payload.title is not None else target.text.title,
        body=payload.body if payload.body is not None else target.text.body,
        expected_version=payload.version,
    )
    return RightsArticleOut.of(saved)


@router.get(
    "/cases/{uuid:case_id}/rights-shares",
    response={200: Page[RightsShareOut], 404: ErrorOut},
    summary="Rights pages shared with the survivor on this case, live and withdrawn, newest first",
)
def list_rights_shares(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access_case_by_id(request_user(request), case_id)
    return paginate(rights_selectors.shares_for_case(case), page, RightsShareOut.of)


@router.post(
    "/cases/{uuid:case_id}/rights-shares",
    response={201: RightsShareOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Share a rights page with the case's survivor (shown in their portal)",
)
def share_rights(request: HttpRequest, case_id: UUID, payload: RightsShareIn) -> Status[RightsShareOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    article = rights_selectors.visible_article(case.agency_id, payload.article_id)
    if article is None:
        raise DomainError(
            _("Choose a page from your agency's rights information."),
            code="legal.invalid_article",
            fields={"article_id": [_("Not a page you can share.")]},
        )
    share = actions.do_share_rights(actor=user, case=case, article=article)
    return Status(201, RightsShareOut.of(share))


@router.post(
    "/rights-shares/{uuid:share_id}/withdraw",
    response={200: RightsShareOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Withdraw a shared rights page: the survivor no longer sees it",
)
def withdraw_rights_share(request: HttpRequest, share_id: UUID) -> RightsShareOut:
    user = request_user(request)
    share = rights_access.access_share_by_id(user, share_id, for_write=True)
    return RightsShareOut.of(actions.do_withdraw_rights_share(actor=user, share=share))
