"""Block until trained (DOMAIN.md §14): an agency may require staff to complete trauma-informed care before they see
case data. cases.selectors.cases_for_user asks `case_data_blocked` once; the answer is cached on the user object
for the request, like the membership, and costs at most one query (none for roles that see no case data).

The setting is off by default; while it is off nothing changes for anyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from reclaim.accounts.roles import capabilities_for
from reclaim.accounts.selectors import active_membership
from reclaim.outreach.models import CourseTopic, TrainingCertificate, TrainingPolicy

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.models import AnonymousUser

    from reclaim.accounts.models import User

_CACHE_ATTR = "_reclaim_training_block"


def current_on(today: datetime.date) -> Q:
    """Certificates valid on `today`: completed, and not expired (a certificate is valid through its expiry day)."""
    return Q(completed_on__lte=today) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def case_data_blocked(user: User | AnonymousUser) -> bool:
    """True when the user's agency blocks case data until trauma-informed care is completed, the user has a case
    role, and they hold no current certificate of a trauma-informed care course."""
    if hasattr(user, _CACHE_ATTR):
        cached: bool = getattr(user, _CACHE_ATTR)
        return cached
    membership = active_membership(user)
    blocked = False
    if membership is not None and capabilities_for(membership.role).works_cases:
        today = timezone.localdate()
        trained = TrainingCertificate.objects.filter(
            current_on(today),
            agency_id=OuterRef("agency_id"),
            user_id=membership.user_id,
            course__topic=CourseTopic.TRAUMA_INFORMED_CARE,
        )
        blocked = (
            TrainingPolicy.objects.filter(agency_id=membership.agency_id, block_case_data=True)
            .filter(~Exists(trained))
            .exists()
        )
    setattr(user, _CACHE_ATTR, blocked)
    return blocked


def forget_case_data_block(user: User) -> None:
    """Drop the cached answer (after a certificate or the setting changed within the same request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
