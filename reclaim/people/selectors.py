"""Reads of survivors, scoped by agency, role scope, team and assignment (and break-glass grants)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from reclaim.accounts.roles import Scope, capabilities_for
from reclaim.accounts.selectors import active_membership, live_grant_agency_ids, team_ids
from reclaim.core import blind
from reclaim.people import duplicates
from reclaim.people.models import Relation, Survivor, SurvivorAssignment

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable

    from reclaim.accounts.models import Membership, User

# Conditions a domain above adds to everything a member sees of survivors and their cases (outreach's "block until
# trained", issue 10). Each takes the membership and returns a condition that rides inside the query, so a gate
# costs no query of its own. Registered in AppConfig.ready(); survivors_for_user and cases_for_user apply them all.
_member_gates: list[Callable[[Membership], Any]] = []


def register_member_gate(gate: Callable[[Membership], Any]) -> None:
    if gate not in _member_gates:
        _member_gates.append(gate)


def member_gates(membership: Membership) -> list[Any]:
    return [gate(membership) for gate in _member_gates]


def survivors_for_user(user: User) -> QuerySet[Survivor]:
    """Survivors this user may see; an empty queryset for roles that see no case data."""
    membership = active_membership(user)
    if membership is None:
        if user.is_authenticated and user.is_platform_operator and (agencies := live_grant_agency_ids(user)):
            return Survivor.objects.filter(agency_id__in=agencies)
        return Survivor.objects.none()
    scope = capabilities_for(membership.role).case_scope
    survivors = Survivor.objects.filter(*member_gates(membership), agency_id=membership.agency_id)
    if scope == Scope.AGENCY:
        return survivors
    assigned = Exists(SurvivorAssignment.objects.filter(survivor=OuterRef("pk"), user_id=user.pk))
    if scope == Scope.TEAM:
        return survivors.filter(Q(team_id__in=team_ids(membership)) | assigned)
    if scope == Scope.ASSIGNED:
        return survivors.filter(assigned)
    return Survivor.objects.none()


def survivor_list(user: User) -> QuerySet[Survivor]:
    return survivors_for_user(user).select_related("team").order_by("-created_at")


def search_survivors(
    user: User, *, reference: str = "", name: str = "", date_of_birth: datetime.date | None = None
) -> QuerySet[Survivor]:
    """Exact search by reference, or by full name and/or birth date through blind indexes (per agency)."""
    survivors = survivor_list(user)
    if reference:
        survivors = survivors.filter(reference__iexact=reference.strip())
    membership = active_membership(user)
    agency_ids = [membership.agency_id] if membership else live_grant_agency_ids(user)
    if name:
        survivors = survivors.filter(
            name_index__in=[blind.text_index(name, scope_id=a, purpose="survivor.name") for a in agency_ids]
        )
    if date_of_birth is not None:
        survivors = survivors.filter(
            dob_index__in=[blind.date_index(date_of_birth, scope_id=a, purpose="survivor.dob") for a in agency_ids]
        )
    return survivors


def duplicate_candidates(user: User, probe: duplicates.Probe) -> list[tuple[duplicates.Candidate, bool]]:
    """Likely existing survivors of the user's agency, each with whether the user may open the record."""
    return duplicate_check(user, probe)[0]


def duplicate_check(user: User, probe: duplicates.Probe) -> tuple[list[tuple[duplicates.Candidate, bool]], int]:
    """Likely existing survivors of the user's agency, each with whether the user may open the record, and how
    many records were held back because only a birth date would tell them apart (`duplicates.check`).

    Only staff who open cases may ask; the check spans the agency (a duplicate is an agency matter),
    never another agency. Identity is shown only for records the user may see."""
    membership = active_membership(user)
    if membership is None or not capabilities_for(membership.role).edits_cases:
        return [], 0
    found = duplicates.check(membership.agency_id, probe)
    ids = [c.survivor.pk for c in found.candidates]
    visible = set(survivors_for_user(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return [(candidate, candidate.survivor.pk in visible) for candidate in found.candidates], found.held_back


def relations_for_survivor(survivor: Survivor, *, include_archived: bool = False) -> QuerySet[Relation]:
    """A survivor's family members, dependants and contacts; the caller has passed a survivor or case gate.

    People not to contact come first, so nobody reads a phone number before the warning."""
    relations = Relation.objects.filter(agency_id=survivor.agency_id, survivor_id=survivor.pk)
    if not include_archived:
        relations = relations.filter(archived_at__isnull=True)
    not_to_contact = Case(
        When(Q(connected_to_trafficking=True) | Q(safe_to_contact="no"), then=Value(0)), default=Value(1)
    )
    return relations.order_by(not_to_contact, "kind", "created_at", "pk")


def identifying_details(survivor: Survivor) -> dict[str, list[str]]:
    """The survivor's names and birth date, by kind ("given_name", "family_name", "chosen_name",
    "date_of_birth"), for checks that a text meant to be de-identified does not carry them (outreach stories).
    Empty values are left out. The caller has passed a survivor or case gate; the values never leave the server."""
    details: dict[str, list[str]] = {}
    for kind in ("given_name", "family_name", "chosen_name"):
        value = (getattr(survivor, kind) or "").strip()
        if value:
            details[kind] = [value]
    if survivor.date_of_birth:
        details["date_of_birth"] = [survivor.date_of_birth.isoformat()]
    return details
