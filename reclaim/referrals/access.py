"""The gates to referrals. The sender reaches a referral through its case (the case gate: audited, 404 for
not-yours, 403 for read-only writes). The recipient reaches it through the inbox of its own agency, and only
the referral: never the sender's case, survivor, documents or timeline. Every other user gets 404.

`sides_for` says which side(s) of the state machine a user holds on a referral; the consent override is a
separate right (`overrides_consent`), checked here and again in the action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reclaim.accounts.access import audited_gate, works_cases_in
from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.access import access_case_by_id
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.referrals.referral_states import BOTH, Side
from reclaim.referrals.selectors import can_receive, incoming_for_user, outgoing_for_user, referral_for_case

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.referrals.models import Referral


def sides_for(user: User, referral: Referral) -> frozenset[Side]:
    """SENDER for staff who edit cases in the sending agency (both sides for an external referral, which the
    sender tracks by hand); RECIPIENT for the receiving agency's staff who may receive. The caller has passed
    a gate; this only says what the user may do there."""
    membership = active_membership(user)
    if membership is None:
        return frozenset()
    if membership.agency_id == referral.agency_id:
        if not works_cases_in(user, referral.agency_id):
            return frozenset()
        return BOTH if referral.to_agency_id is None else frozenset({Side.SENDER})
    if referral.to_agency_id is not None and membership.agency_id == referral.to_agency_id and can_receive(user):
        return frozenset({Side.RECIPIENT})
    return frozenset()


def access_case_referral(
    user: User, case_id: Any, referral_id: Any, *, for_write: bool = False
) -> tuple[Case, Referral]:
    """A referral of a case, for the sender's staff: the case gate first (audited), then the referral must be
    one of this case's."""
    case = access_case_by_id(user, case_id, for_write=for_write)
    referral = referral_for_case(case, referral_id)
    if referral is None:
        raise Http404
    referral.case = case
    return case, referral


def require_can_receive(user: User) -> None:
    if not can_receive(user):
        raise PermissionDenied


def access_incoming_referral(user: User, referral_id: Any) -> Referral:
    """A referral sent to the user's agency; 404 for anyone else (audited read, in the sender's agency log)."""
    return audited_gate(
        user,
        incoming_for_user(user).select_related("survivor"),
        referral_id,
        object_type="referral",
        read_action="referral.read_as_recipient",
        can_write=lambda _r: True,
        purpose="referral recipient",
    )


def access_referral_by_id(user: User, referral_id: Any, *, for_write: bool = False) -> tuple[Referral, Side]:
    """A referral through whichever side the user is on (the API's gate): the recipient's inbox first, then
    the sender's case scope. 404 for a user on neither side; 403 for a sender-side reader asked to write."""
    try:
        is_incoming = incoming_for_user(user).filter(pk=referral_id).exists()
    except (ValueError, ValidationError):
        is_incoming = False
    if is_incoming:
        return access_incoming_referral(user, referral_id), Side.RECIPIENT
    referral = audited_gate(
        user,
        outgoing_for_user(user).select_related("survivor"),
        referral_id,
        object_type="referral",
        read_action="referral.read",
        for_write=for_write,
        can_write=lambda r: works_cases_in(user, r.agency_id),
    )
    return referral, Side.SENDER


def can_override_consent(user: User, referral: Referral) -> bool:
    membership = active_membership(user)
    return (
        membership is not None and membership.agency_id == referral.agency_id and capabilities(user).overrides_consent
    )


def require_override_right(user: User, referral: Referral) -> None:
    """Only roles with `overrides_consent` in the sending agency; the refusal is audited."""
    if not can_override_consent(user, referral):
        write_audit(
            AuditEntry(
                "referral.override_denied",
                actor_id=user.pk,
                agency_id=referral.agency_id,
                object_type="referral",
                object_id=str(referral.pk),
            )
        )
        raise PermissionDenied


def require_policy_manager(user: User) -> None:
    """The agency's referral settings: agency admins, and program directors (agency-wide casework leads)."""
    caps = capabilities(user)
    if active_membership(user) is None or not (
        caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY)
    ):
        raise PermissionDenied
