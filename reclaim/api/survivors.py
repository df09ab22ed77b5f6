from __future__ import annotations

from datetime import date
from typing import cast
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema

from reclaim.accounts.models import User
from reclaim.api.schemas import ErrorOut
from reclaim.people import duplicates
from reclaim.people.access import access_survivor_by_id, require_can_check_duplicates
from reclaim.people.selectors import duplicate_candidates

router = Router(tags=["survivors"])


class SurvivorOut(Schema):
    id: UUID
    reference: str
    given_name: str | None
    family_name: str | None
    chosen_name: str | None
    date_of_birth: date | None
    pronouns: str
    preferred_language: str
    gender: str
    safe_to_contact: str
    safe_channel: str
    safe_times: str | None
    version: int


@router.get(
    "/survivors/{uuid:survivor_id}",
    response={200: SurvivorOut, 404: ErrorOut},
    summary="One survivor's identity record (audited read)",
)
def get_survivor(request: HttpRequest, survivor_id: UUID) -> SurvivorOut:
    survivor = access_survivor_by_id(cast("User", request.user), survivor_id)
    return SurvivorOut(
        id=survivor.pk,
        reference=survivor.reference,
        given_name=survivor.given_name,
        family_name=survivor.family_name,
        chosen_name=survivor.chosen_name,
        date_of_birth=survivor.date_of_birth,
        pronouns=survivor.pronouns,
        preferred_language=survivor.preferred_language,
        gender=survivor.gender,
        safe_to_contact=survivor.safe_to_contact,
        safe_channel=survivor.safe_channel,
        safe_times=survivor.safe_times,
        version=survivor.version,
    )


class DuplicateCheckIn(Schema):
    given_name: str = Field(default="", max_length=100)
    family_name: str = Field(default="", max_length=100)
    date_of_birth: date | None = None
    phone: str = Field(default="", max_length=40)


class DuplicateCandidateOut(Schema):
    survivor_id: UUID
    reference: str
    score: float
    reasons: list[str]
    may_open: bool
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: date | None = None


@router.post(
    "/survivors/duplicate-check",
    response={200: list[DuplicateCandidateOut], 403: ErrorOut, 422: ErrorOut},
    summary="Likely existing survivors of your agency for a name, birth date or phone (never other agencies)",
)
def duplicate_check(request: HttpRequest, payload: DuplicateCheckIn) -> list[DuplicateCandidateOut]:
    user = cast("User", request.user)
    require_can_check_duplicates(user)
    probe = duplicates.Probe(payload.given_name, payload.family_name, payload.date_of_birth, payload.phone)
    results = []
    for candidate, may_open in duplicate_candidates(user, probe):
        survivor = candidate.survivor
        results.append(
            DuplicateCandidateOut(
                survivor_id=survivor.pk,
                reference=survivor.reference,
                score=candidate.score,
                reasons=candidate.reasons,
                may_open=may_open,
                given_name=survivor.given_name if may_open else None,
                family_name=survivor.family_name if may_open else None,
                date_of_birth=survivor.date_of_birth if may_open else None,
            )
        )
    return results
