from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.accounts.models import User
from reclaim.accounts.selectors import active_membership, teams_for_user
from reclaim.api.pagination import Page, PageQuery, checked_sort, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.core.errors import DomainError
from reclaim.people import duplicates
from reclaim.people import selectors as people_selectors
from reclaim.people.access import access_survivor_by_id, require_can_check_duplicates, require_case_worker
from reclaim.people.actions import do_register_survivor
from reclaim.people.models import Gender, NationalityClass, Survivor
from reclaim.people.selectors import duplicate_candidates, search_survivors, survivor_list

if TYPE_CHECKING:
    from reclaim.accounts.models import Team

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
    nationality_class: str = Field(description="us_citizen, lpr, foreign_national, or empty when not recorded")
    safe_to_contact: str
    safe_channel: str
    safe_times: str | None
    version: int


class SurvivorListItemOut(Schema):
    """A row of the people list: what the UI's list shows (the name it shows is `chosen_name`, else `given_name`)."""

    id: UUID
    reference: str
    given_name: str | None
    chosen_name: str | None
    team_id: UUID | None
    created_at: datetime

    @staticmethod
    def of(survivor: Survivor) -> SurvivorListItemOut:
        return SurvivorListItemOut(
            id=survivor.pk,
            reference=survivor.reference,
            given_name=survivor.given_name,
            chosen_name=survivor.chosen_name,
            team_id=survivor.team_id,
            created_at=survivor.created_at,
        )


SURVIVOR_SORTS = ("-created_at", "created_at", "reference", "-reference")


class SurvivorListQuery(PageQuery):
    sort: str = Field(default="-created_at", description=f"One of {', '.join(SURVIVOR_SORTS)} (- is descending).")


@router.get(
    "/survivors",
    response={200: Page[SurvivorListItemOut], 403: ErrorOut, 422: ErrorOut},
    summary="The survivors the caller may see (the people list), newest first",
)
def list_survivors(request: HttpRequest, query: Query[SurvivorListQuery]) -> dict[str, Any]:
    user = request_user(request)
    require_case_worker(user)
    rows = survivor_list(user).order_by(checked_sort(query.sort, SURVIVOR_SORTS))
    return paginate(rows, query, SurvivorListItemOut.of)


class SurvivorSearchIn(Schema):
    """The people list's search, in the body (never the URL): a reference, or a full name and/or birth date."""

    reference: str = Field(default="", max_length=20)
    name: str = Field(default="", max_length=200)
    date_of_birth: date | None = None


@router.post(
    "/survivors/search",
    response={200: Page[SurvivorListItemOut], 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Find survivors by exact reference, or full name and/or birth date (terms in the body)",
)
def search_survivor_list(request: HttpRequest, payload: SurvivorSearchIn, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    require_case_worker(user)
    if not payload.reference.strip() and not payload.name.strip() and payload.date_of_birth is None:
        raise DomainError(
            _("Enter a reference, a name or a date of birth to search."),
            code="survivors.search_empty",
            fields={"__all__": [_("Enter a reference, a name or a date of birth to search.")]},
        )
    found = search_survivors(
        user, reference=payload.reference.strip(), name=payload.name.strip(), date_of_birth=payload.date_of_birth
    )
    return paginate(found, page, SurvivorListItemOut.of, scope="survivors.search")


@router.get(
    "/survivors/{uuid:survivor_id}",
    response={200: SurvivorOut, 404: ErrorOut},
    summary="One survivor's identity record (audited read)",
)
def get_survivor(request: HttpRequest, survivor_id: UUID) -> SurvivorOut:
    survivor = access_survivor_by_id(request_user(request), survivor_id)
    return _survivor_out(survivor)


def _survivor_out(survivor: Survivor) -> SurvivorOut:
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
        nationality_class=survivor.nationality_class,
        safe_to_contact=survivor.safe_to_contact,
        safe_channel=survivor.safe_channel,
        safe_times=survivor.safe_times,
        version=survivor.version,
    )


class SurvivorIn(Schema):
    """Only what is known; every field may be left out. Send `confirmed_new_person` after a duplicate check."""

    given_name: str = Field(default="", max_length=100)
    family_name: str = Field(default="", max_length=100)
    chosen_name: str = Field(default="", max_length=100)
    date_of_birth: date | None = None
    phone: str = Field(default="", max_length=40)
    pronouns: str = Field(default="", max_length=40)
    preferred_language: str = Field(default="", max_length=8)
    gender: Gender = Gender.UNKNOWN
    nationality_class: NationalityClass | None = None
    team_id: UUID | None = None
    confirmed_new_person: bool = False


@router.post(
    "/survivors",
    response={201: SurvivorOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Register a person; refused with the likely matches unless `confirmed_new_person` (search before create)",
    description=(
        "Unless `confirmed_new_person` is true, the agency's duplicate check runs first. Likely matches refuse the "
        "request with `survivors.possible_duplicates` and their references. A name given without birth date or "
        "phone that is equally close to several different names of the agency, and the same as none of them, is "
        "refused with `survivors.name_needs_date_of_birth`, naming none: add the birth date or a phone number."
    ),
)
def create_survivor(request: HttpRequest, payload: SurvivorIn) -> Status[SurvivorOut]:
    user = request_user(request)
    require_can_check_duplicates(user)
    membership = active_membership(user)
    if membership is None:
        raise PermissionDenied
    identity, team = checked_new_person(user, payload)
    survivor = do_register_survivor(actor=user, agency=membership.agency, team=team, **identity)
    return Status(201, _survivor_out(survivor))


def checked_new_person(user: User, payload: SurvivorIn) -> tuple[dict[str, Any], Team | None]:
    """Search before create (DOMAIN.md §3.5): likely matches refuse the request until the caller confirms.

    Returns the identity fields and the team to register the person with."""
    identity = payload.model_dump(exclude={"confirmed_new_person", "team_id"})
    if not payload.confirmed_new_person:
        probe = duplicates.Probe(payload.given_name, payload.family_name, payload.date_of_birth, payload.phone)
        likely, held_back = people_selectors.duplicate_check(user, probe)
        if likely:
            references = ", ".join(candidate.survivor.reference for candidate, _may_open in likely)
            raise DomainError(
                f"This may be someone your agency already knows: {references}. Check, then send "
                "confirmed_new_person=true if it is a different person.",
                code="survivors.possible_duplicates",
                fields={"confirmed_new_person": [references]},
            )
        if held_back:  # as the intake form: several near names, nothing to tell them apart, none named
            raise DomainError(
                _(
                    "Several records in your agency have names close to this one, and without a date of birth "
                    "nothing tells them apart. Add the date of birth (or a phone number) to check again, or send "
                    "confirmed_new_person=true if it is a different person."
                ),
                code="survivors.name_needs_date_of_birth",
                fields={"date_of_birth": [_("Needed to tell apart the records with names close to this one.")]},
            )
    team = teams_for_user(user).filter(pk=payload.team_id).first() if payload.team_id else None
    if payload.team_id and team is None:
        raise DomainError(
            _("Choose a team of your agency."), code="people.foreign_team", fields={"team_id": [_("Unknown team.")]}
        )
    return identity, team


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
    description=(
        "With only a name (no birth date, no phone) that is equally close to several different names of your "
        "agency, and the same as none of them, the list is empty: nothing tells those records apart, so none is "
        "named. Add the birth date or a phone number to check again. `POST /survivors` refuses such a name with "
        "`survivors.name_needs_date_of_birth`."
    ),
)
def duplicate_check(request: HttpRequest, payload: DuplicateCheckIn) -> list[DuplicateCandidateOut]:
    user = request_user(request)
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
