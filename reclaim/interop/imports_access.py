"""The gate to imports: agency administration (`manages_staff`). Other staff of the agency get 403, anyone
without an agency 403; a run or mapping of another agency is 404, like a missing one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.access import gate
from reclaim.interop import imports_selectors as selectors

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.interop.imports_models import ImportMapping, ImportRun


def can_import(user: User) -> bool:
    return active_membership(user) is not None and capabilities(user).manages_staff


def require_importer(user: User) -> Agency:
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_staff:
        raise PermissionDenied
    return membership.agency


def access_run(user: User, run_id: Any) -> ImportRun:
    agency = require_importer(user)
    return gate(selectors.runs_of(agency.pk), run_id)


def access_mapping(user: User, mapping_id: Any) -> ImportMapping:
    agency = require_importer(user)
    return gate(selectors.mappings_of(agency.pk), mapping_id)
