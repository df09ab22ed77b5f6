"""A survivor's family members, dependants and contacts, and the survivor's own contact safety, with the
UI's permissions: survivor readers read, case-editing roles write (403 for read-only), 404 otherwise."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.people import actions
from reclaim.people.access import access_relation, access_survivor_by_id
from reclaim.people.models import (
    ChildLocation,
    ContactChannel,
    Relation,
    RelationKind,
    Relationship,
    SafeToContact,
    TriState,
)
from reclaim.people.selectors import relations_for_survivor

router = Router(tags=["contacts"])


class RelationOut(Schema):
    id: UUID
    survivor_id: UUID
    kind: str
    relationship: str
    name: str | None
    phone: str | None
    email: str | None
    address: str | None
    notes: str | None
    date_of_birth: date | None
    lives_with_survivor: str
    child_location: str
    safe_to_contact: str
    do_not_contact: bool
    unsafe_reason: str | None
    safe_channel: str
    safe_times: str | None
    connected_to_trafficking: bool
    version: int
    archived_at: datetime | None

    @staticmethod
    def from_relation(relation: Relation) -> RelationOut:
        return RelationOut(
            id=relation.pk,
            survivor_id=relation.survivor_id,
            do_not_contact=relation.do_not_contact,
            version=relation.version,
            archived_at=relation.archived_at,
            **actions.relation_values(relation),
        )


class RelationListOut(Page[RelationOut]):
    pass


class RelationFields(Schema):
    relationship: Relationship | None = None
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    notes: str | None = Field(default=None, max_length=4000)
    date_of_birth: date | None = None
    lives_with_survivor: TriState | None = None
    child_location: ChildLocation | None = None
    safe_to_contact: SafeToContact | None = None
    unsafe_reason: str | None = Field(default=None, max_length=1000)
    safe_channel: ContactChannel | None = None
    safe_times: str | None = Field(default=None, max_length=500)
    connected_to_trafficking: bool | None = None


class RelationCreateIn(RelationFields):
    kind: RelationKind = RelationKind.OTHER


class RelationUpdateIn(RelationFields):
    kind: RelationKind | None = None
    version: int


class ContactSafetyIn(Schema):
    version: int
    safe_to_contact: TriState | None = None
    safe_channel: ContactChannel | None = None
    safe_times: str | None = Field(default=None, max_length=500)


class ContactSafetyOut(Schema):
    survivor_id: UUID
    safe_to_contact: str
    safe_channel: str
    safe_times: str | None
    version: int


def _values(payload: RelationFields, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """The fields the caller sent, as plain values. A blankable choice sent as null means "not said";
    any other null leaves the stored value as it is (text fields: null clears them)."""
    values = payload.model_dump(exclude_unset=True, exclude=exclude or set())
    for name in ("relationship", "child_location", "safe_channel"):
        if name in values and values[name] is None:
            values[name] = ""
    return {name: (value.value if isinstance(value, Enum) else value) for name, value in values.items()}


@router.get(
    "/survivors/{uuid:survivor_id}/relations",
    response={200: RelationListOut, 404: ErrorOut},
    summary="A survivor's family members, dependants and contacts; those not to contact first (audited read)",
)
def list_relations(
    request: HttpRequest, survivor_id: UUID, page: Query[PageQuery], include_archived: bool = False
) -> dict[str, Any]:
    survivor = access_survivor_by_id(request_user(request), survivor_id)
    return paginate(
        relations_for_survivor(survivor, include_archived=include_archived), page, RelationOut.from_relation
    )


@router.post(
    "/survivors/{uuid:survivor_id}/relations",
    response={201: RelationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a family member, dependant or contact; someone possibly connected to the trafficking is never safe to contact",
)
def add_relation(request: HttpRequest, survivor_id: UUID, payload: RelationCreateIn) -> Status[RelationOut]:
    user = request_user(request)
    survivor = access_survivor_by_id(user, survivor_id, for_write=True)
    values = {"kind": payload.kind.value, **_values(payload)}
    relation = actions.do_add_relation(actor=user, survivor=survivor, values=values)
    return Status(201, RelationOut.from_relation(relation))


@router.patch(
    "/survivors/{uuid:survivor_id}/relations/{uuid:relation_id}",
    response={200: RelationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a relation: send the version you read; 409 when someone saved first",
)
def update_relation(
    request: HttpRequest, survivor_id: UUID, relation_id: UUID, payload: RelationUpdateIn
) -> RelationOut:
    user = request_user(request)
    survivor = access_survivor_by_id(user, survivor_id, for_write=True)
    relation = access_relation(survivor, relation_id)
    changes = _values(payload, exclude={"version"})
    relation = actions.do_update_relation(
        actor=user, relation=relation, expected_version=payload.version, changes=changes
    )
    return RelationOut.from_relation(relation)


@router.delete(
    "/survivors/{uuid:survivor_id}/relations/{uuid:relation_id}",
    response={200: RelationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Archive a relation (kept, never deleted); pass ?version= to refuse a stale archive",
)
def archive_relation(
    request: HttpRequest, survivor_id: UUID, relation_id: UUID, version: int | None = None
) -> RelationOut:
    user = request_user(request)
    survivor = access_survivor_by_id(user, survivor_id, for_write=True)
    relation = access_relation(survivor, relation_id, include_archived=True)
    relation = actions.do_archive_relation(actor=user, relation=relation, expected_version=version)
    return RelationOut.from_relation(relation)


@router.patch(
    "/survivors/{uuid:survivor_id}/contact-safety",
    response={200: ContactSafetyOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Whether, how and when the survivor may be contacted safely; send the survivor's version",
)
def update_contact_safety(request: HttpRequest, survivor_id: UUID, payload: ContactSafetyIn) -> ContactSafetyOut:
    user = request_user(request)
    survivor = access_survivor_by_id(user, survivor_id, for_write=True)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    survivor = actions.do_update_survivor_contact_safety(
        actor=user,
        survivor=survivor,
        expected_version=payload.version,
        # null for the channel or times clears them; null for the tri-state leaves it as it is
        safe_to_contact=payload.safe_to_contact.value if payload.safe_to_contact else None,
        safe_channel=(payload.safe_channel.value if payload.safe_channel else "") if "safe_channel" in sent else None,
        safe_times=(payload.safe_times or "") if "safe_times" in sent else None,
    )
    return ContactSafetyOut(
        survivor_id=survivor.pk,
        safe_to_contact=survivor.safe_to_contact,
        safe_channel=survivor.safe_channel,
        safe_times=survivor.safe_times,
        version=survivor.version,
    )
