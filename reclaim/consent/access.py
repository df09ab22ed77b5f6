"""The one gate to consent records: through the case (audited read, 404 for not-yours, 403 for read-only
writes), then the record must belong to the case's survivor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.selectors import capabilities
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.consent.selectors import consent_by_id, consent_for_survivor, templates_for_admin, templates_for_reader
from reclaim.core.access import gate
from reclaim.people.access import access_survivor_by_id

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.consent.models import ConsentRecord, ConsentTemplate


def access_consent(user: User, case_id: Any, consent_id: Any, *, for_write: bool = False) -> tuple[Case, ConsentRecord]:
    case = access_case_by_id(user, case_id, for_write=for_write)
    consent = consent_for_survivor(case.survivor, consent_id)
    if consent is None:
        raise Http404
    return case, consent


def can_record_consent(user: User, case: Case) -> bool:
    return can_edit_case(user, case)


def access_consent_by_id(user: User, consent_id: Any, *, for_write: bool = False) -> ConsentRecord:
    """A consent through its survivor's gate (audited; 404 when the survivor is not the user's to see)."""
    consent = consent_by_id(consent_id)
    if consent is None:
        raise Http404
    access_survivor_by_id(user, consent.survivor_id, for_write=for_write, purpose="consent")
    return consent


def require_template_admin(user: User) -> None:
    """Managing consent templates: agency admins (DOMAIN.md roles table); 403 for everyone else."""
    if not capabilities(user).manages_staff:
        raise PermissionDenied


def access_template_for_admin(user: User, template_id: Any, *, for_write: bool = False) -> ConsentTemplate:
    """The current version of one of the admin's agency's templates; another agency's, or an old version: 404."""
    require_template_admin(user)
    return gate(templates_for_admin(user), template_id, for_write=for_write, can_write=lambda _t: True)


def require_template_reader(user: User) -> None:
    """Reading consent templates: agency admins and staff who record consents; 403 for everyone else."""
    caps = capabilities(user)
    if not (caps.manages_staff or caps.edits_cases):
        raise PermissionDenied


def access_template_for_reader(user: User, template_id: Any) -> ConsentTemplate:
    """Any version of one of the agency's templates, for its admins and its staff who record consents."""
    require_template_reader(user)
    return gate(templates_for_reader(user), template_id)
