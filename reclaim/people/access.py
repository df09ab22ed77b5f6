"""The one gate for survivor records: reads are audited, denials are audited and look like 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reclaim.accounts.access import audited_gate, require_case_worker, works_cases_in
from reclaim.accounts.selectors import capabilities
from reclaim.people.models import Relation
from reclaim.people.selectors import relations_for_survivor, survivors_for_user

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.people.models import Survivor

__all__ = [
    "access_relation",
    "access_survivor_by_id",
    "can_edit_survivor",
    "require_can_check_duplicates",
    "require_case_worker",
]


def require_can_check_duplicates(user: User) -> None:
    """The intake duplicate check is for staff who open cases."""
    if not capabilities(user).edits_cases:
        raise PermissionDenied


def can_edit_survivor(user: User, survivor: Survivor) -> bool:
    return works_cases_in(user, survivor.agency_id)


def access_survivor_by_id(user: User, survivor_id: Any, *, for_write: bool = False, purpose: str = "") -> Survivor:
    """Return the survivor or raise Http404 ("missing" and "not yours" alike); 403 on read-only writes."""
    return audited_gate(
        user,
        survivors_for_user(user).select_related("team"),
        survivor_id,
        object_type="survivor",
        read_action="survivor.open_for_edit" if for_write else "survivor.read",
        for_write=for_write,
        can_write=lambda survivor: can_edit_survivor(user, survivor),
        purpose=purpose,
    )


def access_relation(survivor: Survivor, relation_id: Any, *, include_archived: bool = False) -> Relation:
    """One relation of a survivor the caller already reached through a gate; Http404 for any other id."""
    try:
        return relations_for_survivor(survivor, include_archived=include_archived).get(pk=relation_id)
    except (Relation.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
