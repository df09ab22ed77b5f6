"""Survivors' stories API (issue 10 item 4).

- `/outreach/stories…`: the library for outreach staff (approved stories on a live media consent, nothing of the
  case: no case, survivor or consent id, no name beyond the credit the survivor allowed) and their use in campaigns.
- `/cases/{case_id}/stories…`: the case side (draft, edit, send for review, record the survivor's review,
  withdraw), behind the case gate like every other case operation.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.outreach import stories_actions as actions
from reclaim.outreach import stories_selectors as selectors
from reclaim.outreach.access import require
from reclaim.outreach.models import Attribution, StoryReviewHow, StoryReviewOutcome, StoryUse
from reclaim.outreach.stories_access import (
    access_case_story,
    access_library_story,
    can_read_stories,
    can_use_stories,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from reclaim.outreach.models import Story

router = Router(tags=["outreach: stories"])


class StoryUseOut(Schema):
    id: UUID
    campaign_id: UUID
    campaign_name: str
    ended_at: datetime | None

    @staticmethod
    def from_use(use: StoryUse) -> StoryUseOut:
        return StoryUseOut(
            id=use.pk, campaign_id=use.campaign_id, campaign_name=use.campaign.name, ended_at=use.ended_at
        )


class LibraryStoryOut(Schema):
    """A story as outreach staff see it: the words and the credit, never who or which case."""

    id: UUID
    title: str
    quote: str
    text: str
    credit: str = Field(description='The name to credit, or "Anonymous"; use exactly this')
    attribution: str
    uses: list[StoryUseOut]

    @staticmethod
    def from_story(story: Story) -> LibraryStoryOut:
        anonymous = story.attribution == Attribution.ANONYMOUS or not story.credit_name
        return LibraryStoryOut(
            id=story.pk,
            title=story.title or "",
            quote=story.quote or "",
            text=story.text or "",
            credit="Anonymous" if anonymous else str(story.credit_name),
            attribution=story.attribution,
            uses=[StoryUseOut.from_use(use) for use in getattr(story, "active_uses", [])],
        )


class CaseStoryOut(Schema):
    id: UUID
    case_id: UUID
    consent_id: UUID
    consent_live: bool
    title: str
    text: str
    quote: str
    attribution: str
    credit_name: str
    status: str
    reviewed_on: date | None
    review_outcome: str
    review_how: str
    review_note: str
    withdrawn_at: datetime | None
    withdrawn_reason: str
    version: int

    @staticmethod
    def from_story(story: Story) -> CaseStoryOut:
        return CaseStoryOut(
            id=story.pk,
            case_id=story.case_id,
            consent_id=story.consent_id,
            consent_live=story.consent.is_live_on(timezone.localdate()),
            title=story.title or "",
            text=story.text or "",
            quote=story.quote or "",
            attribution=story.attribution,
            credit_name=story.credit_name or "",
            status=story.status,
            reviewed_on=story.reviewed_on,
            review_outcome=story.review_outcome,
            review_how=story.review_how,
            review_note=story.review_note or "",
            withdrawn_at=story.withdrawn_at,
            withdrawn_reason=story.withdrawn_reason,
            version=story.version,
        )


class StoryIn(Schema):
    title: str = Field(min_length=1, max_length=actions.TITLE_MAX_LENGTH)
    text: str = Field(min_length=1, max_length=actions.TEXT_MAX_LENGTH)
    quote: str = Field(default="", max_length=actions.QUOTE_MAX_LENGTH)
    attribution: Attribution = Attribution.ANONYMOUS
    consent_id: UUID | None = Field(default=None, description="A live media consent; default the newest")
    confirm_identifying: bool = Field(
        default=False, description="Keep names or a birth date the de-identification check found (400 otherwise)"
    )


class StoryEditIn(Schema):
    version: int
    title: str = Field(min_length=1, max_length=actions.TITLE_MAX_LENGTH)
    text: str = Field(min_length=1, max_length=actions.TEXT_MAX_LENGTH)
    quote: str = Field(default="", max_length=actions.QUOTE_MAX_LENGTH)
    attribution: Attribution = Attribution.ANONYMOUS
    confirm_identifying: bool = False


class VersionIn(Schema):
    version: int


class StoryReviewIn(Schema):
    version: int
    outcome: StoryReviewOutcome
    how: StoryReviewHow
    reviewed_on: date | None = None
    note: str = Field(default="", max_length=actions.NOTE_MAX_LENGTH)


class WithdrawIn(Schema):
    version: int
    reason: str = Field(pattern="^(survivor_asked|staff_decision)$")
    note: str = Field(default="", max_length=actions.NOTE_MAX_LENGTH)


class UseIn(Schema):
    campaign_id: UUID


# --- Library (outreach staff) ----------------------------------------------------------------------------------


@router.get(
    "/outreach/stories",
    response={200: Page[LibraryStoryOut], 403: ErrorOut},
    summary="Stories approved by survivors whose media consent is in force today (nothing of the case)",
)
def library(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    require(can_read_stories(user))
    return paginate(selectors.library_stories(user), page, LibraryStoryOut.from_story)


@router.get(
    "/outreach/stories/{uuid:story_id}",
    response={200: LibraryStoryOut, 403: ErrorOut, 404: ErrorOut},
    summary="One library story (404 once withdrawn or its consent ended; audited read)",
)
def library_story(request: HttpRequest, story_id: UUID) -> LibraryStoryOut:
    user = request_user(request)
    require(can_read_stories(user))
    return LibraryStoryOut.from_story(access_library_story(user, story_id))


@router.post(
    "/outreach/stories/{uuid:story_id}/uses",
    response={201: StoryUseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Use a library story in a planned or running campaign",
)
def use_story(request: HttpRequest, story_id: UUID, payload: UseIn) -> Status[StoryUseOut]:
    user = request_user(request)
    require(can_use_stories(user))
    story = access_library_story(user, story_id, for_write=True)
    use = actions.do_use_story_in_campaign(actor=user, story=story, campaign_id=payload.campaign_id)
    return Status(201, StoryUseOut.from_use(use))


@router.post(
    "/outreach/stories/{uuid:story_id}/uses/{uuid:use_id}/end",
    response={200: StoryUseOut, 403: ErrorOut, 404: ErrorOut},
    summary="Take a story out of a campaign (a use already ended is returned as it is)",
)
def end_use(request: HttpRequest, story_id: UUID, use_id: UUID) -> StoryUseOut:
    user = request_user(request)
    require(can_use_stories(user))
    story = access_library_story(user, story_id, for_write=True)
    use = selectors.use_of_story(story, use_id)
    if use is None:
        raise Http404
    return StoryUseOut.from_use(actions.do_end_story_use(actor=user, use=use))


# --- Case side ---------------------------------------------------------------------------------------------------


@router.get(
    "/cases/{uuid:case_id}/stories",
    response={200: Page[CaseStoryOut], 404: ErrorOut},
    summary="The stories of a case, with their status and the survivor's last review (audited read)",
)
def case_stories(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access_case_by_id(request_user(request), case_id)
    return paginate(selectors.stories_for_case(case), page, CaseStoryOut.from_story)


@router.post(
    "/cases/{uuid:case_id}/stories",
    response={201: CaseStoryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Draft a story on a live media consent (400 story.no_media_consent without one; 400 "
    "story.identifying when it names the survivor, unless confirm_identifying)",
)
def draft_story(request: HttpRequest, case_id: UUID, payload: StoryIn) -> Status[CaseStoryOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    story = actions.do_draft_story(
        actor=user,
        case=case,
        data=actions.StoryInput(
            title=payload.title,
            text=payload.text,
            quote=payload.quote,
            attribution=payload.attribution,
            consent_id=payload.consent_id,
            confirm_identifying=payload.confirm_identifying,
        ),
    )
    return Status(201, CaseStoryOut.from_story(story))


@router.patch(
    "/cases/{uuid:case_id}/stories/{uuid:story_id}",
    response={200: CaseStoryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Edit a story (it becomes a draft again for the survivor's review); 409 on a stale version",
)
def edit_story(request: HttpRequest, case_id: UUID, story_id: UUID, payload: StoryEditIn) -> CaseStoryOut:
    user = request_user(request)
    _case, story = access_case_story(user, case_id, story_id, for_write=True)
    story = actions.do_edit_story(
        actor=user,
        story=story,
        data=actions.StoryInput(
            title=payload.title,
            text=payload.text,
            quote=payload.quote,
            attribution=payload.attribution,
            confirm_identifying=payload.confirm_identifying,
        ),
        expected_version=payload.version,
    )
    return CaseStoryOut.from_story(story)


@router.post(
    "/cases/{uuid:case_id}/stories/{uuid:story_id}/send-for-review",
    response={200: CaseStoryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Mark a draft as given to the survivor to read",
)
def send_for_review(request: HttpRequest, case_id: UUID, story_id: UUID, payload: VersionIn) -> CaseStoryOut:
    user = request_user(request)
    _case, story = access_case_story(user, case_id, story_id, for_write=True)
    return CaseStoryOut.from_story(
        actions.do_send_story_for_review(actor=user, story=story, expected_version=payload.version)
    )


@router.post(
    "/cases/{uuid:case_id}/stories/{uuid:story_id}/review",
    response={200: CaseStoryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Record the survivor's review: approved (enters the library) or changes asked for",
)
def review_story(request: HttpRequest, case_id: UUID, story_id: UUID, payload: StoryReviewIn) -> CaseStoryOut:
    user = request_user(request)
    _case, story = access_case_story(user, case_id, story_id, for_write=True)
    story = actions.do_record_story_review(
        actor=user,
        story=story,
        outcome=payload.outcome,
        how=payload.how,
        reviewed_on=payload.reviewed_on,
        note=payload.note,
        expected_version=payload.version,
    )
    return CaseStoryOut.from_story(story)


@router.post(
    "/cases/{uuid:case_id}/stories/{uuid:story_id}/withdraw",
    response={200: CaseStoryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Withdraw a story: it leaves the library and every campaign at once",
)
def withdraw_story(request: HttpRequest, case_id: UUID, story_id: UUID, payload: WithdrawIn) -> CaseStoryOut:
    user = request_user(request)
    _case, story = access_case_story(user, case_id, story_id, for_write=True)
    story = actions.do_withdraw_story(
        actor=user, story=story, reason=payload.reason, note=payload.note, expected_version=payload.version
    )
    return CaseStoryOut.from_story(story)
