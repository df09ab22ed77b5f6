"""Writes of survivor identity: indexes are computed here, never in save()."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency
from reclaim.core import blind
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.people.blocking import MatchKeyer
from reclaim.people.models import (
    Relation,
    SafeToContact,
    Survivor,
    SurvivorAssignment,
    SurvivorMatchKey,
)

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from reclaim.accounts.models import Team, User

IDENTITY_FIELDS = ("given_name", "family_name", "chosen_name", "date_of_birth", "phone")
# What do_update_survivor_identity may change: the encrypted identity fields plus the plain coded ones.
DETAIL_FIELDS = (*IDENTITY_FIELDS, "pronouns", "preferred_language", "gender", "nationality_class")


def full_name(given_name: str | None, family_name: str | None) -> str:
    return " ".join(part for part in (given_name, family_name) if part)


def apply_indexes(survivor: Survivor) -> list[SurvivorMatchKey]:
    """Recompute the blind indexes from the plain values; returns the duplicate check's blocking keys to store."""
    return [
        SurvivorMatchKey(agency_id=survivor.agency_id, survivor=survivor, key=key)
        for key in sorted(index_values(survivor))
    ]


def index_values(survivor: Survivor, *, keyer: MatchKeyer | None = None) -> set[int]:
    """Set the survivor's blind indexes from the plain values; returns its blocking keys (bulk jobs store them
    without building a model instance each, and pass their job's `keyer`)."""
    scope = survivor.agency_id
    survivor.name_index = blind.text_index(
        full_name(survivor.given_name, survivor.family_name), scope_id=scope, purpose="survivor.name"
    )
    survivor.dob_index = blind.date_index(survivor.date_of_birth, scope_id=scope, purpose="survivor.dob")
    survivor.phone_index = blind.phone_index(survivor.phone, scope_id=scope, purpose="survivor.phone")
    keyer = keyer or MatchKeyer(scope_id=scope)
    return keyer.stored(survivor.given_name, survivor.family_name, survivor.chosen_name)


@transaction.atomic
def do_create_survivor(
    *,
    actor: User | None,
    agency: Agency,
    reference: str,
    given_name: str = "",
    family_name: str = "",
    chosen_name: str = "",
    date_of_birth: datetime.date | None = None,
    phone: str = "",
    pronouns: str = "",
    preferred_language: str = "",
    gender: str = "",
    nationality_class: str | None = "",
    team: Team | None = None,
    assigned: list[User] | None = None,
) -> Survivor:
    survivor = Survivor(
        agency=agency,
        reference=reference,
        team=team,
        given_name=given_name or None,
        family_name=family_name or None,
        chosen_name=chosen_name or None,
        date_of_birth=date_of_birth,
        phone=phone or None,
        pronouns=pronouns,
        preferred_language=preferred_language,
        **({"gender": gender} if gender else {}),
        nationality_class=nationality_class or "",
    )
    match_keys = apply_indexes(survivor)
    survivor.full_clean()
    survivor.save()
    SurvivorMatchKey.objects.bulk_create(match_keys)
    SurvivorAssignment.objects.bulk_create(
        [SurvivorAssignment(agency=agency, survivor=survivor, user=u) for u in assigned or []]
    )
    write_audit(
        AuditEntry(
            "survivor.created",
            actor_id=actor.pk if actor else None,
            agency_id=agency.pk,
            object_type="survivor",
            object_id=str(survivor.pk),
        )
    )
    return survivor


@transaction.atomic
def do_update_survivor_identity(
    *, actor: User, survivor: Survivor, expected_version: int, changes: dict[str, Any]
) -> Survivor:
    """Change identity fields under an optimistic lock; a stale version raises EditConflict."""
    current = Survivor.objects.select_for_update().get(pk=survivor.pk)
    check_version(current.version, expected_version, {name: getattr(current, name) for name in DETAIL_FIELDS})
    for name, value in changes.items():
        if name not in DETAIL_FIELDS:
            raise ValueError(f"{name} is not an identity field")
        setattr(current, name, value or None if name in IDENTITY_FIELDS else value)
    match_keys = apply_indexes(current)
    current.version += 1
    current.full_clean()
    current.save()
    SurvivorMatchKey.objects.filter(survivor=current).delete()  # the names may have changed: keys are remade whole
    SurvivorMatchKey.objects.bulk_create(match_keys)
    write_audit(
        AuditEntry(
            "survivor.updated",
            actor_id=actor.pk,
            agency_id=current.agency_id,
            object_type="survivor",
            object_id=str(current.pk),
            detail={"fields": sorted(changes)},
        )
    )
    return current


@transaction.atomic
def do_register_survivor(*, actor: User, agency: Agency, team: Team | None = None, **identity: Any) -> Survivor:
    """A new person record with the agency's next reference, assigned to the person who registers it."""
    if team is not None and team.agency_id != agency.pk:
        raise DomainError(
            _("Choose a team of your agency."),
            code="people.foreign_team",
            fields={"team": [_("Not one of your teams.")]},
        )
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise person references
    return do_create_survivor(
        actor=actor, agency=agency, reference=next_reference(agency), team=team, assigned=[actor], **identity
    )


def survivor_ids(survivors: list[Survivor]) -> list[UUID]:
    return [s.pk for s in survivors]


def do_link_staff(*, survivor: Survivor, users: list[User], team: Team | None) -> None:
    """Give staff working a survivor's case access to the identity record too (called by cases)."""
    existing = set(SurvivorAssignment.objects.filter(survivor=survivor).values_list("user_id", flat=True))
    SurvivorAssignment.objects.bulk_create(
        [
            SurvivorAssignment(agency_id=survivor.agency_id, survivor=survivor, user=u)
            for u in users
            if u.pk not in existing
        ]
    )
    if team is not None and survivor.team_id is None:
        Survivor.objects.filter(pk=survivor.pk).update(team=team)
        survivor.team = team


def next_reference(agency: Agency) -> str:
    """The next person reference of an agency (P000001 …); callers hold the agency row lock."""
    return f"P{Survivor.objects.filter(agency=agency).count() + 1:06d}"


# ---- Family members, dependants and contacts -------------------------------------------------------

RELATION_FIELDS = (
    "kind",
    "relationship",
    "name",
    "phone",
    "email",
    "address",
    "notes",
    "date_of_birth",
    "lives_with_survivor",
    "child_location",
    "safe_to_contact",
    "unsafe_reason",
    "safe_channel",
    "safe_times",
    "connected_to_trafficking",
)
ENCRYPTED_RELATION_FIELDS = frozenset(
    {"name", "phone", "email", "address", "notes", "date_of_birth", "unsafe_reason", "safe_times"}
)
CONTACT_SAFETY_FIELDS = ("safe_to_contact", "safe_channel", "safe_times")


def _set_relation_values(relation: Relation, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name not in RELATION_FIELDS:
            raise ValueError(f"{name} is not a relation field")
        if name in ENCRYPTED_RELATION_FIELDS:
            value = value or None  # noqa: PLW2901 — empty text is stored as no value, never as ciphertext of ""
        elif value is None:
            continue  # a choice left unsaid keeps its default
        setattr(relation, name, value)


def _check_contact_rules(relation: Relation) -> None:
    """Someone possibly connected to the trafficking is never safe to contact; "no" says why."""
    if relation.connected_to_trafficking and relation.safe_to_contact in (SafeToContact.YES, SafeToContact.ASK_FIRST):
        raise DomainError(
            _("This person may be connected to the trafficking, so they are never safe to contact."),
            code="people.connected_never_safe",
            fields={
                "safe_to_contact": [
                    _("Someone possibly connected to the trafficking cannot be marked safe to contact. Choose “No”.")
                ]
            },
        )
    if relation.safe_to_contact == SafeToContact.NO and not (relation.unsafe_reason or "").strip():
        raise DomainError(
            _("Say why this person must not be contacted."),
            code="people.unsafe_reason_required",
            fields={"unsafe_reason": [_("Give a reason when it is not safe to contact this person.")]},
        )


def _full_clean(obj: Relation | Survivor) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DomainError(
            _("Some values are not valid."),
            code="people.invalid",
            fields={name: [str(m) for m in messages] for name, messages in exc.message_dict.items()},
        ) from exc


def relation_values(relation: Relation) -> dict[str, Any]:
    """The stored values of a relation's editable fields (for the conflict screen)."""
    return {name: getattr(relation, name) for name in RELATION_FIELDS}


def _audit_relation(action: str, actor: User | None, relation: Relation, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=relation.agency_id,
            object_type="relation",
            object_id=str(relation.pk),
            detail={"survivor_id": str(relation.survivor_id), **detail},
        )
    )


@transaction.atomic
def do_add_relation(*, actor: User | None, survivor: Survivor, values: dict[str, Any]) -> Relation:
    """Add a family member, dependant or contact to a survivor; refuses unsafe combinations."""
    relation = Relation(agency_id=survivor.agency_id, survivor=survivor)
    _set_relation_values(relation, values)
    _check_contact_rules(relation)
    _full_clean(relation)
    relation.save()
    _audit_relation("relation.added", actor, relation, kind=relation.kind)
    return relation


@transaction.atomic
def do_update_relation(
    *, actor: User | None, relation: Relation, expected_version: int, changes: dict[str, Any]
) -> Relation:
    """Change a relation under an optimistic lock; a stale version raises EditConflict with their values."""
    current = Relation.objects.select_for_update().get(pk=relation.pk)
    check_version(current.version, expected_version, relation_values(current))
    if current.archived_at is not None:
        raise DomainError(
            _("This person was removed from the list; it can no longer be changed."), code="people.archived"
        )
    _set_relation_values(current, changes)
    _check_contact_rules(current)
    current.version += 1
    _full_clean(current)
    current.save()
    _audit_relation("relation.updated", actor, current, fields=sorted(changes))
    return current


@transaction.atomic
def do_archive_relation(*, actor: User | None, relation: Relation, expected_version: int | None = None) -> Relation:
    """Take a relation off the survivor's list (kept, never deleted); idempotent."""
    current = Relation.objects.select_for_update().get(pk=relation.pk)
    if expected_version is not None:
        check_version(current.version, expected_version, relation_values(current))
    if current.archived_at is None:
        current.archived_at = timezone.now()
        current.version += 1
        current.save(update_fields=["archived_at", "version", "updated_at"])
        _audit_relation("relation.archived", actor, current)
    return current


@transaction.atomic
def do_update_survivor_contact_safety(
    *,
    actor: User | None,
    survivor: Survivor,
    expected_version: int,
    safe_to_contact: str | None = None,
    safe_channel: str | None = None,
    safe_times: str | None = None,
) -> Survivor:
    """Record whether, how and when the survivor may be reached safely (None leaves a value as it is)."""
    current = Survivor.objects.select_for_update().get(pk=survivor.pk)
    check_version(current.version, expected_version, {name: getattr(current, name) for name in CONTACT_SAFETY_FIELDS})
    changed = []
    if safe_to_contact is not None:
        current.safe_to_contact = safe_to_contact
        changed.append("safe_to_contact")
    if safe_channel is not None:
        current.safe_channel = safe_channel
        changed.append("safe_channel")
    if safe_times is not None:
        current.safe_times = safe_times or None
        changed.append("safe_times")
    current.version += 1
    _full_clean(current)
    current.save()
    write_audit(
        AuditEntry(
            "survivor.contact_safety_updated",
            actor_id=actor.pk if actor else None,
            agency_id=current.agency_id,
            object_type="survivor",
            object_id=str(current.pk),
            detail={"fields": changed},
        )
    )
    return current
