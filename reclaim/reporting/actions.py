"""The agency's reporting settings (ReportingPolicy): who may change them, and the one write.

k is the smallest count any aggregate output shows (DOMAIN.md §11: default 11, never below 5); the fiscal year
start month sets what "FY2027" and its quarters mean in reports (reporting/periods.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.reporting.models import MAX_K, MIN_K, ReportingPolicy

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, Membership, User


def can_manage_policy(user: User) -> bool:
    """Agency admins, and program directors (agency-wide casework leads): as for the other agency settings."""
    caps = capabilities(user)
    return active_membership(user) is not None and (
        caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY)
    )


def require_policy_manager(user: User) -> Membership:
    membership = active_membership(user)
    if membership is None or not can_manage_policy(user):
        raise PermissionDenied
    return membership


def _clean(k: int, fiscal_year_start_month: int) -> None:
    errors: dict[str, list[str]] = {}
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K:
        errors["k"] = [_("Use a whole number from %(min)s to %(max)s.") % {"min": MIN_K, "max": MAX_K}]
    month = fiscal_year_start_month
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:  # noqa: PLR2004
        errors["fiscal_year_start_month"] = [_("Choose a month.")]
    if errors:
        raise DomainError(
            _("Numbers under %(min)s are never shown, so the smallest number shown is at least %(min)s.")
            % {"min": MIN_K}
            if "k" in errors
            else _("Choose the month your fiscal year starts in."),
            code="reporting.invalid_policy",
            fields=errors,
        )


@transaction.atomic
def do_save_reporting_policy(
    *, actor: User, agency: Agency, k: int, fiscal_year_start_month: int, expected_version: int
) -> ReportingPolicy:
    """Create or update the agency's reporting policy; bad values are a DomainError naming the field, a stale
    version an EditConflict, and nothing is saved either way."""
    _clean(k, fiscal_year_start_month)
    policy, _created = ReportingPolicy.objects.select_for_update().get_or_create(agency=agency)
    check_version(
        policy.version,
        expected_version,
        {"k": policy.k, "fiscal_year_start_month": policy.fiscal_year_start_month},
    )
    policy.k = k
    policy.fiscal_year_start_month = fiscal_year_start_month
    policy.version += 1
    policy.save()
    write_audit(
        AuditEntry(
            "reporting.policy_changed",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="reporting_policy",
            object_id=str(policy.pk),
            detail={"k": k, "fiscal_year_start_month": fiscal_year_start_month},
        )
    )
    return policy
