from __future__ import annotations

from datetime import date
from typing import cast
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from reclaim.accounts.models import User
from reclaim.people.access import access_survivor_by_id

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
    version: int


@router.get("/survivors/{survivor_id}", response=SurvivorOut, summary="One survivor's identity record (audited read)")
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
        version=survivor.version,
    )
