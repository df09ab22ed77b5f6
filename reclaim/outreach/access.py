"""Who reaches the community work (issue 10, DOMAIN.md §1 and §14). Nothing here grants anything of a case: the
outreach coordinator and volunteers see campaigns, events, training and their own assignments, never a case file,
a survivor, an assessment or a referral (the permission matrix proves it route by route).

- Campaigns and events: run by outreach coordinators and agency admins; read (results, dashboards, comparison)
  also by program directors and data analysts (aggregates, with small-cell suppression for anything counting
  survivors).
- Training: courses and sessions kept by agency admins, program directors and outreach coordinators; every staff
  member reads their own training record.
- Volunteers: managed by outreach coordinators and agency admins; a volunteer sees only their own assignments
  and hours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from reclaim.accounts.selectors import active_membership, capabilities

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def _member(user: User) -> bool:
    return bool(user.is_authenticated) and active_membership(user) is not None


def can_run_outreach(user: User) -> bool:
    """Plan and change campaigns, events, materials and tallies."""
    if not _member(user):
        return False
    caps = capabilities(user)
    return caps.runs_outreach or caps.manages_staff


def can_read_outreach(user: User) -> bool:
    """See campaigns, events and their results (aggregates only)."""
    if not _member(user):
        return False
    return can_run_outreach(user) or capabilities(user).views_aggregates


def can_manage_training(user: User) -> bool:
    """Keep courses, sessions, participants, certificates and the agency's required training."""
    if not _member(user):
        return False
    caps = capabilities(user)
    return caps.manages_staff or caps.runs_outreach or (caps.approves_closure and caps.views_aggregates)


def can_manage_volunteers(user: User) -> bool:
    """Applications, screening, agreements, assignments and recognition of volunteers."""
    return can_run_outreach(user)


def require(allowed: bool) -> None:
    """403 for a signed-in member of the agency who may not do this (outreach pages hold no case data, so a
    plain refusal discloses nothing)."""
    if not allowed:
        raise PermissionDenied
