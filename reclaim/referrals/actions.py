"""Writes of closed-loop referrals (DOMAIN.md §7.3, §8): create, send (the packet is built and frozen on the
server, only for classes a live consent covers), override the consent (a separate right, with a reason),
move through the states, accept with a new case at the recipient, the SLA check and the outcome read.

Every write is one transaction with a ReferralTransition row (for a status change), a timeline event on the
sender's case (and on the receiving case once it exists) and its audit row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.access import works_cases_in
from reclaim.accounts.models import Agency
from reclaim.accounts.selectors import active_membership
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import IdentificationSource
from reclaim.consent.models import DataClass, Purpose
from reclaim.consent.selectors import uncovered_classes
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.people import duplicates
from reclaim.people.actions import do_register_survivor
from reclaim.plans.models import Goal
from reclaim.referrals import events, selectors
from reclaim.referrals.access import can_override_consent, sides_for
from reclaim.referrals.directory_actions import ensure_platform_entry
from reclaim.referrals.models import Organization, Referral, ReferralPolicy, ReferralTransition, Urgency
from reclaim.referrals.referral_packet import PACKET_CLASSES, build_packet
from reclaim.referrals.referral_sla import add_business_days
from reclaim.referrals.referral_states import TERMINAL, Side, State, check_move
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.people.models import Survivor

REASON_MAX_LENGTH = 2000
# The recipient's first answers: any of them acknowledges the referral (stops the deadline).
ANSWERS = frozenset({State.RECEIVED, State.ACCEPTED, State.DECLINED})
OVERRIDE_REASON_MIN_LENGTH = 10


class ConsentMissing(DomainError):
    """Some chosen data classes are not covered by a live consent: `uncovered` names them (codes)."""

    code = "referrals.consent_missing"

    def __init__(self, uncovered: list[str]) -> None:
        labels = ", ".join(str(DataClass(code).label) for code in uncovered)
        message = _("No consent in force lets us send this to that recipient: %(classes)s.") % {"classes": labels}
        super().__init__(message, fields={"data_classes": [message]})
        self.uncovered = uncovered


@dataclass
class ReferralInput:
    service_category: str
    to_agency_id: Any = None
    to_organization_id: Any = None
    reason: str = ""
    urgency: str = Urgency.ROUTINE
    data_classes: list[str] = field(default_factory=list)
    goal_id: Any = None


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _recipient(sender_agency_id: Any, data: ReferralInput, errors: dict[str, list[str]]) -> tuple[Any, Any]:
    """(to_agency, to_organization): an organisation that is a platform agency becomes that agency."""
    if bool(data.to_agency_id) == bool(data.to_organization_id):
        _add(errors, "recipient", _("Choose one agency on Reclaim or one organisation of the directory."))
        return None, None
    if data.to_organization_id:
        org = Organization.objects.filter(pk=data.to_organization_id, is_active=True).first()
        if org is None:
            _add(errors, "recipient", _("Choose an organisation from the directory."))
            return None, None
        if org.platform_agency_id is None:
            return None, org
        data.to_agency_id = org.platform_agency_id
    agency = selectors.recipient_agencies(sender_agency_id).filter(pk=data.to_agency_id).first()
    if agency is None:
        _add(errors, "recipient", _("Choose another agency from the list."))
        return None, None
    return agency, ensure_platform_entry(agency)


def _check(case: Case, data: ReferralInput) -> tuple[Any, Any, Goal | None]:
    errors: dict[str, list[str]] = {}
    to_agency, to_org = _recipient(case.agency_id, data, errors)
    if not categories().filter(code=data.service_category).exists():
        _add(errors, "service_category", _("Choose the kind of service needed."))
    if data.urgency not in Urgency.values:
        _add(errors, "urgency", _("Choose how urgent it is."))
    if len(data.reason) > REASON_MAX_LENGTH:
        _add(errors, "reason", _("Keep this under %(n)s characters.") % {"n": REASON_MAX_LENGTH})
    unknown = [code for code in data.data_classes if code not in PACKET_CLASSES]
    if unknown:
        _add(
            errors,
            "data_classes",
            _("These cannot go in a referral packet; share them another way if consent allows: %(classes)s")
            % {"classes": ", ".join(unknown)},
        )
    goal = None
    if data.goal_id:
        goal = Goal.objects.filter(pk=data.goal_id, case=case, agency_id=case.agency_id).first()
        if goal is None:
            _add(errors, "goal", _("Choose a goal of this case's plan."))
    if errors:
        raise DomainError(_("The referral was not saved."), code="referrals.invalid", fields=errors)
    return to_agency, to_org, goal


@transaction.atomic
def do_create_referral(*, actor: User, case: Case, data: ReferralInput, send: bool = False) -> Referral:
    """A draft referral from a case (the caller has write access to it); with `send`, sent at once, and if the
    consent check refuses, nothing is saved."""
    to_agency, to_org, goal = _check(case, data)
    referral = Referral.objects.create(
        agency_id=case.agency_id,
        case=case,
        survivor_id=case.survivor_id,
        to_agency=to_agency,
        to_organization=to_org,
        service_category=data.service_category,
        goal=goal,
        reason=data.reason.strip(),
        urgency=data.urgency,
        status=State.DRAFT,
        data_classes=[code for code in PACKET_CLASSES if code in set(data.data_classes)],
        created_by=actor,
    )
    events.referral_created(
        case=case, actor=actor, referral_id=str(referral.pk), recipient="agency" if to_agency else "organisation"
    )
    if send:
        referral = do_send_referral(actor=actor, referral=referral, expected_version=referral.version)
    return referral


def _lock(referral: Referral, expected_version: int) -> Referral:
    locked = Referral.objects.select_for_update().select_related("case", "survivor", "agency").get(pk=referral.pk)
    check_version(locked.version, expected_version, {"status": locked.status})
    return locked


def _transition(
    *,
    actor: User | None,
    referral: Referral,
    old: str,
    side: str,
    reason: str = "",
    reason_code: str = "",
    outcome: str = "",
    by_agency_id: Any,
) -> None:
    ReferralTransition.objects.create(
        agency_id=referral.agency_id,
        referral=referral,
        from_status=old,
        to_status=referral.status,
        at=timezone.now(),
        by=actor,
        by_agency_id=by_agency_id,
        reason=reason.strip(),
        reason_code=reason_code,
        outcome=outcome,
    )
    codes = {"reason_code": reason_code, "outcome": outcome}
    events.referral_status_changed(
        case=referral.case,
        actor=actor,
        referral_id=str(referral.pk),
        old=old,
        new=referral.status,
        side=side,
        **codes,
    )
    if referral.receiving_case_id is not None:
        events.referral_status_changed(
            case=referral.receiving_case,  # type: ignore[arg-type]
            actor=actor,
            referral_id=str(referral.pk),
            old=old,
            new=referral.status,
            side=side,
            **codes,
        )


def _sender_sides(actor: User, referral: Referral) -> frozenset[Side]:
    sides = sides_for(actor, referral)
    if Side.SENDER not in sides:
        raise PermissionDenied
    return sides


@transaction.atomic
def do_send_referral(*, actor: User, referral: Referral, expected_version: int) -> Referral:
    """Send a draft: every chosen class must be covered by a live `service_referral` consent for this
    recipient (or let through by a recorded override); the packet is built now and frozen."""
    sides = _sender_sides(actor, referral)
    referral = _lock(referral, expected_version)
    check_move(referral.status, State.SENT, sides)
    uncovered = [
        code
        for code in uncovered_classes(
            referral.survivor_id,
            Purpose.SERVICE_REFERRAL,
            referral.data_classes,
            recipient_agency_id=referral.to_agency_id,
            recipient_organization_id=referral.to_organization_id,
        )
        if code not in referral.consent_override_classes
    ]
    if uncovered:
        raise ConsentMissing(uncovered)
    now = timezone.now()
    old = referral.status
    referral.packet = build_packet(
        referral, list(referral.data_classes), sender_name=referral.agency.name, sent_at=now.isoformat()
    )
    referral.status = State.SENT
    referral.sent_at = now
    referral.acknowledge_by = add_business_days(now, selectors.policy_for(referral.agency_id).ack_business_days)
    referral.version += 1
    referral.save()
    _transition(actor=actor, referral=referral, old=old, side=Side.SENDER, by_agency_id=referral.agency_id)
    return referral


@transaction.atomic
def do_override_consent(*, actor: User, referral: Referral, reason: str, expected_version: int) -> Referral:
    """Let a draft go without consent for the classes no live consent covers now: only roles with
    `overrides_consent` in the sending agency, with a stated reason; audited and on the timeline."""
    if not can_override_consent(actor, referral):
        raise PermissionDenied
    referral = _lock(referral, expected_version)
    if referral.status != State.DRAFT:
        raise DomainError(
            _("Only a referral not yet sent can be sent without a consent."), code="referrals.override_not_draft"
        )
    if len(reason.strip()) < OVERRIDE_REASON_MIN_LENGTH:
        raise DomainError(
            _("Say why this must go without the person's consent."),
            code="referrals.override_reason_required",
            fields={"reason": [_("Write the reason (at least %(n)s characters).") % {"n": OVERRIDE_REASON_MIN_LENGTH}]},
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            _("The reason is too long."),
            code="referrals.invalid",
            fields={"reason": [_("Keep this under %(n)s characters.") % {"n": REASON_MAX_LENGTH}]},
        )
    uncovered = uncovered_classes(
        referral.survivor_id,
        Purpose.SERVICE_REFERRAL,
        referral.data_classes,
        recipient_agency_id=referral.to_agency_id,
        recipient_organization_id=referral.to_organization_id,
    )
    if not uncovered:
        raise DomainError(
            _("A consent in force already covers everything chosen: no override is needed."),
            code="referrals.override_not_needed",
        )
    referral.consent_override_classes = uncovered
    referral.consent_override_reason = reason.strip()
    referral.consent_override_by = actor
    referral.consent_override_at = timezone.now()
    referral.version += 1
    referral.save()
    events.referral_consent_overridden(
        case=referral.case, actor=actor, referral_id=str(referral.pk), classes=list(uncovered)
    )
    return referral


@dataclass
class NewCase:
    """Accepting with a new case at the recipient: an existing person of the receiving agency (already through
    the survivor gate), or a new one once the duplicate check was seen (`confirm_new`)."""

    existing_survivor: Survivor | None = None
    confirm_new: bool = False


def identity_from_packet(packet: dict[str, Any]) -> dict[str, str]:
    """What of the packet may become the new person record: only consented identity and contact fields."""
    identity = packet.get(DataClass.IDENTITY) or {}
    contact = packet.get(DataClass.CONTACT) or {}
    return {
        "chosen_name": identity.get("name", ""),
        "pronouns": identity.get("pronouns", ""),
        "phone": contact.get("phone", ""),
        "preferred_language": packet.get("language", "") or "",
    }


def duplicate_probe(packet: dict[str, Any]) -> duplicates.Probe:
    fields = identity_from_packet(packet)
    return duplicates.Probe(given_name=fields["chosen_name"], phone=fields["phone"])


def _open_receiving_case(*, actor: User, referral: Referral, new_case: NewCase) -> Case:
    if referral.to_agency_id is None:
        raise DomainError(_("Only a referral to an agency on Reclaim opens a case there."), code="referrals.external")
    if not works_cases_in(actor, referral.to_agency_id):
        raise PermissionDenied
    if not selectors.packet_available(referral):
        raise DomainError(
            _("The packet is no longer available, so no case can be opened from it."),
            code="referrals.packet_unavailable",
        )
    packet = referral.packet or {}
    agency = Agency.objects.get(pk=referral.to_agency_id)
    survivor = new_case.existing_survivor
    if survivor is not None:
        if survivor.agency_id != agency.pk:
            raise DomainError(_("Choose a person of your agency."), code="referrals.foreign_survivor")
    else:
        probe = duplicate_probe(packet)
        if probe.full_name or probe.phone:
            found = duplicates.find_duplicates(agency.pk, probe)
            if found and not new_case.confirm_new:
                raise DomainError(
                    _("This person may already be known to your agency. Check the possible matches first."),
                    code="referrals.possible_duplicate",
                    fields={"existing_survivor": [_("Choose the same person, or confirm this is someone new.")]},
                )
        fields = identity_from_packet(packet)
        survivor = do_register_survivor(
            actor=actor,
            agency=agency,
            chosen_name=fields["chosen_name"],
            pronouns=fields["pronouns"],
            phone=fields["phone"],
            preferred_language=fields["preferred_language"],
        )
    summary = packet.get(DataClass.CASE_SUMMARY) or {}
    case = do_open_case(
        actor=actor,
        survivor=survivor,
        identification_source=IdentificationSource.PARTNER,
        is_minor=summary.get("is_minor"),
    )
    events.referral_linked_case(case=case, actor=actor, referral_id=str(referral.pk))
    return case


@transaction.atomic
def do_transition_referral(
    *,
    actor: User,
    referral: Referral,
    to: str,
    expected_version: int,
    reason_code: str = "",
    outcome: str = "",
    note: str = "",
    new_case: NewCase | None = None,
) -> Referral:
    """Move a referral. The state machine says which side may make the move and what it needs; accepting may
    open a linked case at the recipient with the packet's consented identity."""
    if to == State.SENT:
        return do_send_referral(actor=actor, referral=referral, expected_version=expected_version)
    sides = sides_for(actor, referral)
    if not sides:
        raise PermissionDenied
    referral = _lock(referral, expected_version)
    check_move(referral.status, to, sides, reason_code=reason_code, outcome=outcome, note=note)
    # For an external referral the sender records both sides' moves: the timeline says the sender did.
    side = Side.RECIPIENT if sides == {Side.RECIPIENT} else Side.SENDER
    old = referral.status
    now = timezone.now()
    if old == State.SENT and to in ANSWERS and referral.acknowledged_at is None:
        referral.acknowledged_at = now
    referral.status = to
    if to == State.DECLINED:
        referral.status_reason = reason_code
    if to in (State.COMPLETED, State.FAILED):
        referral.outcome = outcome
        referral.outcome_note = note.strip()
    if to in TERMINAL:
        referral.closed_at = now
    if to == State.ACCEPTED and new_case is not None and referral.to_agency_id is not None:
        referral.receiving_case = _open_receiving_case(actor=actor, referral=referral, new_case=new_case)
    referral.version += 1
    referral.save()
    membership_agency = actor_agency_id(actor)
    _transition(
        actor=actor,
        referral=referral,
        old=old,
        side=side,
        reason=note,
        reason_code=reason_code if to == State.DECLINED else "",
        outcome=outcome if to in (State.COMPLETED, State.FAILED) else "",
        by_agency_id=membership_agency,
    )
    return referral


def actor_agency_id(actor: User) -> Any:
    membership = active_membership(actor)
    if membership is None:
        raise PermissionDenied
    return membership.agency_id


@transaction.atomic
def do_mark_outcome_seen(*, actor: User, referral: Referral) -> Referral:
    """A worker on the sending case read the outcome: the task-list item goes away (idempotent)."""
    if Side.SENDER not in sides_for(actor, referral):
        raise PermissionDenied
    if referral.outcome_seen_at is None and referral.status in selectors.FEEDBACK_STATES:
        Referral.objects.filter(pk=referral.pk).update(outcome_seen_at=timezone.now())
        write_audit(
            AuditEntry(
                "referral.outcome_seen",
                actor_id=actor.pk,
                agency_id=referral.agency_id,
                object_type="referral",
                object_id=str(referral.pk),
            )
        )
        referral.refresh_from_db()
    return referral


@transaction.atomic
def do_set_referral_policy(
    *, actor: User, agency: Agency, ack_business_days: int, stale_days: int, expected_version: int
) -> ReferralPolicy:
    errors: dict[str, list[str]] = {}
    if not 1 <= ack_business_days <= 30:  # noqa: PLR2004 — a deadline between one day and six weeks
        _add(errors, "ack_business_days", _("Between 1 and 30 business days."))
    if not 1 <= stale_days <= 365:  # noqa: PLR2004
        _add(errors, "stale_days", _("Between 1 and 365 days."))
    if errors:
        raise DomainError(_("The settings were not saved."), code="referrals.invalid_policy", fields=errors)
    policy, _created = ReferralPolicy.objects.select_for_update().get_or_create(agency=agency)
    check_version(policy.version, expected_version, {"ack_business_days": policy.ack_business_days})
    policy.ack_business_days, policy.stale_days = ack_business_days, stale_days
    policy.version += 1
    policy.save()
    write_audit(
        AuditEntry(
            "referral.policy_changed",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="referral_policy",
            object_id=str(policy.pk),
            detail={"ack_business_days": ack_business_days, "stale_days": stale_days},
        )
    )
    return policy


def mark_overdue_referrals(*, now: datetime.datetime | None = None) -> int:
    """Escalate, once, every sent referral not acknowledged by its deadline: a timeline event on the sender's
    case (the sender's supervisors then see it on their task list). Idempotent."""
    now = now or timezone.now()
    marked = 0
    for referral in selectors.overdue_unescalated(now):
        with transaction.atomic():
            if not Referral.objects.filter(pk=referral.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            events.referral_escalated(
                case=referral.case,
                referral_id=str(referral.pk),
                acknowledge_by=referral.acknowledge_by.isoformat() if referral.acknowledge_by else "",
            )
            marked += 1
    return marked


def mark_hidden_packets(*, today: datetime.date | None = None) -> int:
    """Note, once, on the sender's case when an open referral's packet stopped being visible to its recipient
    (a consent expired or was revoked). The recipient's pages compute this on every read anyway."""
    marked = 0
    for referral in selectors.open_with_packet_not_yet_hidden().select_related("case"):
        if selectors.packet_available(referral, on=today):
            continue
        with transaction.atomic():
            if Referral.objects.filter(pk=referral.pk, packet_hidden_at__isnull=True).update(
                packet_hidden_at=timezone.now()
            ):
                events.referral_packet_hidden(case=referral.case, referral_id=str(referral.pk))
                marked += 1
    return marked
