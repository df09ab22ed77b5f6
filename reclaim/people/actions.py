"""Writes of survivor identity: indexes are computed here, never in save()."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency
from reclaim.core import blind
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.people.models import Survivor, SurvivorAssignment, SurvivorNameToken

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from reclaim.accounts.models import Team, User

IDENTITY_FIELDS = ("given_name", "family_name", "chosen_name", "date_of_birth", "phone")


def full_name(given_name: str | None, family_name: str | None) -> str:
    return " ".join(part for part in (given_name, family_name) if part)


def apply_indexes(survivor: Survivor) -> list[SurvivorNameToken]:
    """Recompute the blind indexes from the plain values; returns the name tokens to store."""
    scope = survivor.agency_id
    survivor.name_index = blind.text_index(
        full_name(survivor.given_name, survivor.family_name), scope_id=scope, purpose="survivor.name"
    )
    survivor.dob_index = blind.date_index(survivor.date_of_birth, scope_id=scope, purpose="survivor.dob")
    survivor.phone_index = blind.phone_index(survivor.phone, scope_id=scope, purpose="survivor.phone")
    names = " ".join(n for n in (survivor.given_name, survivor.family_name, survivor.chosen_name) if n)
    return [
        SurvivorNameToken(agency_id=scope, survivor=survivor, token=token)
        for token in sorted(blind.name_token_indexes(names, scope_id=scope, purpose="survivor.name_token"))
    ]


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
    )
    tokens = apply_indexes(survivor)
    survivor.full_clean()
    survivor.save()
    SurvivorNameToken.objects.bulk_create(tokens)
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
    check_version(current.version, expected_version, {name: getattr(current, name) for name in IDENTITY_FIELDS})
    for name, value in changes.items():
        if name not in (*IDENTITY_FIELDS, "pronouns", "preferred_language", "gender"):
            raise ValueError(f"{name} is not an identity field")
        setattr(current, name, value or None if name in IDENTITY_FIELDS else value)
    tokens = apply_indexes(current)
    current.version += 1
    current.full_clean()
    current.save()
    SurvivorNameToken.objects.filter(survivor=current).delete()
    SurvivorNameToken.objects.bulk_create(tokens)
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
