"""The one gate to legal matters: a matter is reached through its case (404 for missing or not yours,
403 for read-only writes; reads audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.access import audited_gate, works_cases_in
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.legal.selectors import (
    grants_for_user,
    has_privileged_access,
    le_contacts_for_case,
    le_contacts_for_user,
    matters_for_user,
)
from reclaim.reporting.access import sees_exact_counts

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.legal.models import LawEnforcementContact, LegalAccessGrant, LegalMatter


def can_work_matter(user: User, matter: LegalMatter) -> bool:
    return works_cases_in(user, matter.agency_id)


def can_grant_privileged_access(user: User, case: Case) -> bool:
    """Only the legal team shares privileged material, and only on a case they work."""
    return capabilities(user).sees_legal and works_cases_in(user, case.agency_id)


def access_matter_by_id(user: User, matter_id: Any, *, for_write: bool = False) -> LegalMatter:
    return audited_gate(
        user,
        matters_for_user(user).select_related("case__survivor"),
        matter_id,
        object_type="legal_matter",
        read_action="legal_matter.read",
        for_write=for_write,
        can_write=lambda matter: can_work_matter(user, matter),
    )


def require_can_grant_privileged_access(user: User, case: Case) -> None:
    """403 for a case reader who is not on the legal team (or not working in the case's agency)."""
    if not can_grant_privileged_access(user, case):
        raise PermissionDenied


def access_grant_by_id(user: User, grant_id: Any, *, for_write: bool = False) -> LegalAccessGrant:
    """A legal-access grant on a case this user reads (404 otherwise); only the legal team may change it (403)."""
    return audited_gate(
        user,
        grants_for_user(user),
        grant_id,
        object_type="legal_access_grant",
        read_action="legal_access_grant.read",
        for_write=for_write,
        can_write=lambda grant: can_grant_privileged_access(user, grant.case),
    )


# --- Law-enforcement contact log: read with the case, written by its editors; the officer, request and notes
# only for has_privileged_access (selectors). -------------------------------------------------------------


def can_record_le_contact(user: User, case: Case) -> bool:
    return works_cases_in(user, case.agency_id)


def access_le_contact_by_id(user: User, contact_id: Any, *, for_write: bool = False) -> LawEnforcementContact:
    return audited_gate(
        user,
        le_contacts_for_user(user),
        contact_id,
        object_type="law_enforcement_contact",
        read_action="law_enforcement_contact.read",
        for_write=for_write,
        can_write=lambda contact: works_cases_in(user, contact.agency_id),
    )


def access_le_contact(user: User, case: Case, contact_id: Any, *, for_write: bool = False) -> LawEnforcementContact:
    """A contact of this case (already through the case gate); 404 when it belongs to another case."""
    contact = access_le_contact_by_id(user, contact_id, for_write=for_write)
    if contact.case_id != case.pk:
        raise Http404
    return contact


def can_view_outcomes(user: User) -> bool:
    """The outcomes page (aggregates only): whoever sees aggregates or approves closures, in an agency."""
    caps = capabilities(user)
    return active_membership(user) is not None and (caps.views_aggregates or caps.approves_closure)


def require_outcomes_viewer(user: User) -> None:
    if not can_view_outcomes(user):
        raise PermissionDenied


def sees_exact_outcome_counts(user: User) -> bool:
    """The reporting rule (reporting/access.py): exact counts only for agency-wide case readers."""
    return sees_exact_counts(user)


def access_le_contacts_for_case(user: User, case: Case) -> tuple[QuerySet[LawEnforcementContact], bool]:
    """The contacts of a case already through the case gate, and whether the user reads their privileged text
    (officer, request, notes). The read is audited with that answer."""
    privileged = has_privileged_access(user, case)
    write_audit(
        AuditEntry(
            "law_enforcement_contact.list_read",
            actor_id=user.pk,
            agency_id=case.agency_id,
            object_type="case",
            object_id=str(case.pk),
            detail={"privileged": privileged},
        )
    )
    return le_contacts_for_case(case), privileged


def access_outcomes(user: User) -> Any:
    """The agency whose legal outcomes the user may see (403 otherwise); the read of aggregates is audited."""
    require_outcomes_viewer(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — require_outcomes_viewer checked it
    write_audit(
        AuditEntry(
            "legal.outcomes_read",
            actor_id=user.pk,
            agency_id=membership.agency_id,
            object_type="agency",
            object_id=str(membership.agency_id),
            detail={"exact": sees_exact_outcome_counts(user)},
        )
    )
    return membership.agency_id
