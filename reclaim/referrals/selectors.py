"""Reads of referrals, already scoped: outgoing ones through the sender's case scope, incoming ones to the
receiving agency's staff who may receive (edits_cases or receives_referrals). `packet_available` is THE
check, computed on every read, of whether the recipient may still see the packet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from reclaim.accounts.models import Agency
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.selectors import cases_for_user, my_open_cases
from reclaim.consent.models import Purpose
from reclaim.consent.selectors import covered_classes
from reclaim.plans.models import Goal
from reclaim.referrals.models import Organization, Referral, ReferralPolicy, ReferralTransition
from reclaim.referrals.referral_states import AWAITING_ACKNOWLEDGEMENT, OPEN, PACKET_STATES, State

if TYPE_CHECKING:
    import datetime

    from django.db.models import QuerySet

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case

DEFAULT_ACK_BUSINESS_DAYS = 2
DEFAULT_STALE_DAYS = 14
# Closed with an answer the referrer should read (the loop closes when they have seen it).
FEEDBACK_STATES = (State.COMPLETED, State.FAILED, State.DECLINED, State.CANCELLED)


@dataclass(frozen=True)
class PolicyValues:
    ack_business_days: int = DEFAULT_ACK_BUSINESS_DAYS
    stale_days: int = DEFAULT_STALE_DAYS


def policy_for(agency_id: Any) -> PolicyValues:
    row = ReferralPolicy.objects.filter(agency_id=agency_id).first()
    if row is None:
        return PolicyValues()
    return PolicyValues(row.ack_business_days, row.stale_days)


def policy_row(agency_id: Any) -> ReferralPolicy | None:
    return ReferralPolicy.objects.filter(agency_id=agency_id).first()


def _with_related(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("agency", "to_agency", "to_organization", "case")


def can_receive(user: User) -> bool:
    """Staff of an agency who may handle referrals sent to it."""
    caps = capabilities(user)
    return active_membership(user) is not None and (caps.edits_cases or caps.receives_referrals)


def referrals_for_case(case: Case) -> QuerySet[Referral]:
    """A case's own referrals; the caller passed the case gate."""
    return _with_related(Referral.objects.filter(agency_id=case.agency_id, case=case)).order_by("-created_at")


def referral_for_case(case: Case, referral_id: Any) -> Referral | None:
    return referrals_for_case(case).select_related("survivor").filter(pk=referral_id).first()


def outgoing_for_user(user: User) -> QuerySet[Referral]:
    """Referrals sent from cases this user may see."""
    return _with_related(Referral.objects.filter(case__in=cases_for_user(user).values("pk")))


def incoming_for_user(user: User) -> QuerySet[Referral]:
    """Referrals sent to the user's agency (never drafts), for staff who may receive them."""
    membership = active_membership(user)
    if membership is None or not can_receive(user):
        return Referral.objects.none()
    return _with_related(Referral.objects.filter(to_agency_id=membership.agency_id).exclude(status=State.DRAFT))


def filter_status(referrals: QuerySet[Referral], status: str) -> QuerySet[Referral]:
    if status == "open":
        return referrals.filter(status__in=list(OPEN))
    if status:
        return referrals.filter(status=status)
    return referrals


def transitions_for(referral: Referral) -> QuerySet[ReferralTransition]:
    return ReferralTransition.objects.filter(referral=referral).select_related("by", "by_agency").order_by("at", "pk")


def packet_available(referral: Referral, *, on: datetime.date | None = None) -> bool:
    """Whether the recipient may see the packet now: the referral was sent and not withdrawn, and every data
    class in it is still covered by a live consent for this recipient (or was let through by an override)."""
    if referral.status not in PACKET_STATES:
        return False
    needed = set(referral.data_classes) - set(referral.consent_override_classes)
    if not needed:
        return True
    covered = covered_classes(
        referral.survivor_id,
        Purpose.SERVICE_REFERRAL,
        recipient_agency_id=referral.to_agency_id,
        recipient_organization_id=referral.to_organization_id,
        on=on,
    )
    return needed <= covered


def recipient_agencies(agency_id: Any) -> QuerySet[Agency]:
    """Other active agencies on the platform: the platform recipients a referral can name."""
    return Agency.objects.filter(is_active=True).exclude(pk=agency_id).order_by("name")


def external_organizations() -> QuerySet[Organization]:
    """Listed directory organisations that are not agencies on the platform."""
    return Organization.objects.filter(is_active=True, platform_agency__isnull=True).order_by("name")


def overdue_unescalated(now: datetime.datetime) -> QuerySet[Referral]:
    return Referral.objects.filter(
        status__in=list(AWAITING_ACKNOWLEDGEMENT), acknowledge_by__lt=now, escalated_at__isnull=True
    ).select_related("case")


def open_with_packet_not_yet_hidden() -> QuerySet[Referral]:
    return Referral.objects.filter(status__in=list(PACKET_STATES & OPEN), packet_hidden_at__isnull=True).exclude(
        data_classes=[]
    )


def to_acknowledge(user: User) -> QuerySet[Referral]:
    """Incoming referrals still waiting for an answer, soonest deadline first."""
    return incoming_for_user(user).filter(status__in=list(AWAITING_ACKNOWLEDGEMENT)).order_by("acknowledge_by", "pk")


def escalated_for_supervisor(user: User) -> QuerySet[Referral]:
    """Referrals from cases this supervisor oversees that were not acknowledged in time and still are not."""
    if not capabilities(user).approves_closure:
        return Referral.objects.none()
    return (
        outgoing_for_user(user)
        .filter(status__in=list(AWAITING_ACKNOWLEDGEMENT), escalated_at__isnull=False)
        .order_by("acknowledge_by")
    )


def outcomes_to_read(user: User) -> QuerySet[Referral]:
    """Referrals of the user's own open cases that came back closed and nobody on the case has read yet."""
    return _with_related(
        Referral.objects.filter(
            case__in=my_open_cases(user).values("pk"), status__in=list(FEEDBACK_STATES), outcome_seen_at__isnull=True
        )
    ).order_by("closed_at")


def is_stale(referral: Referral, stale_days: int, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return referral.status in OPEN and referral.status != State.DRAFT and (now - referral.updated_at).days >= stale_days


def goals_for_case(case: Case) -> QuerySet[Goal]:
    """The goals of a case's plan a referral can serve; the caller passed the case gate."""
    return Goal.objects.filter(case=case, agency_id=case.agency_id).order_by("position", "created_at")
