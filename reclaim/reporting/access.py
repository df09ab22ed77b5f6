"""Who may run reports and read their results, and who sees exact counts (DOMAIN.md §11).

- Reports and exports are for roles that read aggregates (agency admins, program directors, data analysts).
- A job and its result are seen only by the person who asked for it; anyone else, in this agency or another,
  gets 404.
- Exact counts on dashboards only for someone who may read every case they cover (agency-wide case scope, the
  program director); everyone else gets small cells suppressed. Reports and exports leave the building, so
  they are always suppressed, whoever runs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.access import gate
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.reporting.selectors import jobs_of

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.reporting.models import ReportJob


def can_run_reports(user: User) -> bool:
    return active_membership(user) is not None and capabilities(user).views_aggregates


def require_report_runner(user: User) -> Agency:
    """The agency whose reports the user may run, or PermissionDenied."""
    membership = active_membership(user)
    if membership is None or not can_run_reports(user):
        raise PermissionDenied
    return membership.agency


def sees_exact_counts(user: User) -> bool:
    """Exact dashboard counts only for agency-wide case readers; everyone else gets small cells suppressed."""
    return capabilities(user).case_scope == Scope.AGENCY


def access_job(user: User, job_id: Any) -> ReportJob:
    """The user's own job (404 for anyone else's or a missing one); the read is audited."""
    require_report_runner(user)
    job = gate(jobs_of(user), job_id)
    write_audit(
        AuditEntry(
            "reporting.job_read",
            actor_id=user.pk,
            agency_id=job.agency_id,
            object_type="report_job",
            object_id=str(job.pk),
            detail={"kind": job.kind, "status": job.status},
        )
    )
    return job
