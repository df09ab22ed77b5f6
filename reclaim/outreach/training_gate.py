"""Block until trained (DOMAIN.md §14): an agency may require staff to complete trauma-informed care before they see
case data. `open_to_trained(membership)` is registered as a member gate (people.selectors.register_member_gate), so
survivors_for_user and cases_for_user add it to every survivor and case query.

Whether the member is blocked is read with the membership itself (accounts' `register_membership_fact`: a column of
the query every request makes already), so the gate costs no query of its own and adds nothing to the case queries
while it is open. It used to ride inside every case and survivor query as a nested NOT EXISTS: at 100k a home page
of 20 such queries spent a third of its time building and planning it. For a membership not read that way the
gate is that NOT EXISTS, as before. Pages that explain the block (the case list when it is empty, the "not found"
page, My training) ask `case_data_blocked(user)`: no query beyond the membership's, none for roles that see no case
data.

The setting is off by default; while it is off nothing changes for anyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from reclaim.accounts.roles import capabilities_for
from reclaim.accounts.selectors import active_membership, forget_membership
from reclaim.outreach.models import CourseTopic, TrainingCertificate, TrainingPolicy

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet
    from django.db.models.expressions import Combinable

    from reclaim.accounts.models import Membership, User

_CACHE_ATTR = "_reclaim_training_block"


def current_on(today: datetime.date) -> Q:
    """Certificates valid on `today`: completed, and not expired (a certificate is valid through its expiry day)."""
    return Q(completed_on__lte=today) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def _blocking_policies(agency_id: Any, user_id: Any) -> QuerySet[TrainingPolicy]:
    """The agency's policy row when it blocks case data and the user holds no current trauma-informed care
    certificate. `agency_id` and `user_id` are values (one membership), or OuterRefs to the row of the query the
    result is an EXISTS of (accounts' membership query). The certificate check names the policy's agency (the
    same agency), so it is correlated to the one policy row either way."""
    trained_user: Any = OuterRef(user_id) if isinstance(user_id, OuterRef) else user_id  # one level further in
    trained = TrainingCertificate.objects.filter(
        current_on(timezone.localdate()),
        agency_id=OuterRef("agency_id"),
        user_id=trained_user,
        course__topic=CourseTopic.TRAUMA_INFORMED_CARE,
    )
    return TrainingPolicy.objects.filter(agency_id=agency_id, block_case_data=True).filter(~Exists(trained))


def _blocking_policy(membership: Membership) -> QuerySet[TrainingPolicy]:
    """`_blocking_policies` of one membership."""
    return _blocking_policies(membership.agency_id, membership.user_id)


def blocked_fact(agency_id: OuterRef, user_id: OuterRef) -> Combinable:
    """`_blocking_policies` for the membership row of accounts' membership queries (the `BLOCKED` fact)."""
    return Exists(_blocking_policies(agency_id, user_id))


BLOCKED = "case_data_blocked_until_trained"  # the membership's attribute (registered in apps.py)


def open_to_trained(membership: Membership) -> Q | Combinable:
    """The filter cases_for_user adds to every case query of a member: nothing while the member may see case data,
    no rows while `_blocking_policy` holds. Read from the membership when it came with the `BLOCKED` fact (every
    membership of a request does); otherwise the condition rides inside the case query."""
    blocked = getattr(membership, BLOCKED, None)
    if blocked is None:
        return ~Exists(_blocking_policy(membership))
    return Q(pk__isnull=True) if blocked else Q()


def case_data_blocked(user: User | AnonymousUser) -> bool:
    """True when the user's agency blocks case data until trauma-informed care is completed, the user has a case
    role, and they hold no current certificate of a trauma-informed care course."""
    if hasattr(user, _CACHE_ATTR):
        cached: bool = getattr(user, _CACHE_ATTR)
        return cached
    membership = active_membership(user)
    blocked = False
    if membership is not None and capabilities_for(membership.role).works_cases:
        known = getattr(membership, BLOCKED, None)
        blocked = known if known is not None else _blocking_policy(membership).exists()
    setattr(user, _CACHE_ATTR, blocked)
    return blocked


def forget_case_data_block(user: User) -> None:
    """Drop the cached answer and the membership that carries it (after a certificate or the setting changed within
    the same request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    forget_membership(user)
