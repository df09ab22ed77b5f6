"""The gate of the FHIR export: it follows the case. Exporting is a disclosure, so it needs a role that edits the
case (404 for "missing" and "not yours", 403 for read-only roles such as the program director)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reclaim.cases.access import access_case_by_id, can_edit_case

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case


def access_case_for_fhir(user: User, case_id: Any) -> Case:
    """The case (audited read) for someone who may export it, else Http404 / PermissionDenied."""
    return access_case_by_id(user, case_id, for_write=True)


def can_export_fhir(user: User, case: Case) -> bool:
    return can_edit_case(user, case)
