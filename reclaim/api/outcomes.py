"""Outcome domains API (DOMAIN.md §6.2): a case's ratings with domain scores and readiness, rating, correcting
a rating (409 on a stale version), and the scale the caller's agency rates with."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.assessments import outcome_access, outcome_actions, outcome_selectors
from reclaim.assessments.models import OUTCOME_NOTE_MAX_LENGTH, OutcomeScale
from reclaim.cases import access

router = Router(tags=["outcomes"])

Score = Annotated[int, Field(ge=1, le=4)]


class DomainScoreOut(Schema):
    code: str
    name: str
    score: Decimal | None = Field(description="Mean of the rated subdomains, 2 decimals; null when none was rated")
    subdomains: dict[str, int | None] = Field(description="Subdomain code -> 1-4, or null when skipped")


class ReadinessOut(Schema):
    ready: bool
    rule_min_score: Decimal
    rule_every_domain: bool
    below: list[str] = Field(description="Domain codes scored under the minimum")
    unrated: list[str] = Field(description="Domain codes with no subdomain rated")
    overall: Decimal | None


class RatingOut(Schema):
    id: UUID
    case_id: UUID
    scale_id: UUID
    scale_version: int
    rated_on: date
    rated_by_id: UUID | None
    with_survivor: bool
    note: str
    created_at: datetime
    version: int
    domains: list[DomainScoreOut]
    readiness: ReadinessOut

    @staticmethod
    def from_result(result: outcome_selectors.RatingResult) -> RatingOut:
        rating = result.rating
        readiness = result.readiness
        return RatingOut(
            id=rating.pk,
            case_id=rating.case_id,
            scale_id=rating.scale_id,
            scale_version=rating.scale.version,
            rated_on=rating.rated_on,
            rated_by_id=rating.rated_by_id,
            with_survivor=rating.with_survivor,
            note=rating.note or "",
            created_at=rating.created_at,
            version=rating.version,
            domains=[
                DomainScoreOut(
                    code=d.code,
                    name=d.name,
                    score=d.score,
                    subdomains={code: score for code, _wording, score in d.subdomains},
                )
                for d in result.domains
            ],
            readiness=ReadinessOut(
                ready=readiness.ready,
                rule_min_score=result.rule.min_score,
                rule_every_domain=result.rule.every_domain,
                below=list(readiness.below),
                unrated=list(readiness.unrated),
                overall=result.overall,
            ),
        )


class RatingIn(Schema):
    """Scores by subdomain code (see `GET /outcome-scales/current`); leave a code out or send null to skip it."""

    scores: dict[str, Score | None] = Field(default_factory=dict)
    rated_on: date | None = None
    with_survivor: bool = True
    note: str = Field(default="", max_length=OUTCOME_NOTE_MAX_LENGTH)


class RatingPatchIn(RatingIn):
    """The whole rating as it should be now (codes left out are skipped), with the version you read."""

    version: int


def _invalid_scores(exc: outcome_actions.OutcomeScoresInvalid) -> ValidationError:
    """Unknown codes are a validation problem of the request body: 422 naming each one, like schema errors."""
    return ValidationError(
        [
            {"loc": ("body", "payload", *name.split(".", 1)), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


@router.get(
    "/cases/{uuid:case_id}/outcomes",
    response={200: Page[RatingOut], 404: ErrorOut},
    summary="The case's outcome-domain ratings, newest first, with domain scores and readiness for closure",
)
def case_outcomes(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id)
    return paginate(
        outcome_selectors.ratings_for_case(user, case),
        page,
        lambda rating: RatingOut.from_result(outcome_selectors.result_of(rating)),
    )


@router.post(
    "/cases/{uuid:case_id}/outcomes",
    response={201: RatingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Rate the case's outcome domains on the agency's current scale (unknown code or score outside 1-4: 422)",
)
def rate_outcomes(request: HttpRequest, case_id: UUID, payload: RatingIn) -> Status[RatingOut]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    try:
        rating = outcome_actions.do_rate_outcomes(
            actor=user,
            case=case,
            scores=payload.scores,
            rated_on=payload.rated_on,
            with_survivor=payload.with_survivor,
            note=payload.note,
        )
    except outcome_actions.OutcomeScoresInvalid as exc:
        raise _invalid_scores(exc) from exc
    rating = outcome_access.access_outcome_rating(user, case, rating.pk)
    return Status(201, RatingOut.from_result(outcome_selectors.rating_result(rating)))


@router.put(
    "/cases/{uuid:case_id}/outcomes/{uuid:rating_id}",
    response={200: RatingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Correct a rating on the scale version it was made with; 409 when someone saved it since you read it",
)
def correct_rating(request: HttpRequest, case_id: UUID, rating_id: UUID, payload: RatingPatchIn) -> RatingOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    rating = outcome_access.access_outcome_rating(user, case, rating_id, for_write=True)
    try:
        outcome_actions.do_edit_outcome_rating(
            actor=user,
            rating=rating,
            expected_version=payload.version,
            scores=payload.scores,
            rated_on=payload.rated_on,
            with_survivor=payload.with_survivor,
            note=payload.note,
        )
    except outcome_actions.OutcomeScoresInvalid as exc:
        raise _invalid_scores(exc) from exc
    rating = outcome_access.access_outcome_rating(user, case, rating_id)
    return RatingOut.from_result(outcome_selectors.rating_result(rating))


class SubdomainOut(Schema):
    code: str
    wording: str


class DomainOut(Schema):
    code: str
    name: str
    subdomains: list[SubdomainOut]


class ScaleOut(Schema):
    id: UUID
    code: str
    name: str
    version: int
    is_default: bool = Field(description="True when the agency uses Reclaim's shipped scale")
    closure_min_score: Decimal
    closure_every_domain: bool
    domains: list[DomainOut]

    @staticmethod
    def from_scale(scale: OutcomeScale) -> ScaleOut:
        return ScaleOut(
            id=scale.pk,
            code=scale.code,
            name=scale.name,
            version=scale.version,
            is_default=scale.is_default,
            closure_min_score=scale.closure_min_score,
            closure_every_domain=scale.closure_every_domain,
            domains=[
                DomainOut(
                    code=d.code,
                    name=d.name,
                    subdomains=[SubdomainOut(code=s.code, wording=s.wording) for s in d.subdomains.all()],
                )
                for d in scale.domains.all()
            ],
        )


@router.get(
    "/outcome-scales/current",
    response={200: ScaleOut, 403: ErrorOut},
    summary="The outcome-domain scale the caller's agency rates with now (its own version, or Reclaim's default)",
)
def current_scale(request: HttpRequest) -> ScaleOut:
    membership = outcome_access.require_scale_reader(request_user(request))
    return ScaleOut.from_scale(outcome_selectors.current_scale_for(membership.agency_id))
