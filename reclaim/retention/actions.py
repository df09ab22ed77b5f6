"""Every write of retention: the policy, legal holds, erasure requests and the purge itself (issue 13).

Audit rows written here carry ids, codes and counts, never a name, a note or a reason's text."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Agency
from reclaim.core.audit import AuditEntry, write_audit, write_audit_many
from reclaim.core.errors import DomainError, check_version
from reclaim.retention import purge, selectors
from reclaim.retention.models import (
    MAX_MONTHS,
    MIN_MONTHS,
    ErasureRequest,
    ErasureStatus,
    LegalHold,
    RetentionPolicy,
)

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.people.models import Survivor

logger = logging.getLogger(__name__)

BATCH_SIZE = 100  # cases (or documents) per transaction: short locks, and a crash loses at most one batch's work
REASON_LENGTH = 2000


class LegalHoldApplies(DomainError):
    code = "retention.legal_hold"


# --- Policy --------------------------------------------------------------------------------------


def validate_policy(case_months: int, document_months: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not MIN_MONTHS <= case_months <= MAX_MONTHS:
        errors["case_months"] = [
            _("Keep closed cases between %(low)d and %(high)d months.") % {"low": MIN_MONTHS, "high": MAX_MONTHS}
        ]
    if document_months < MIN_MONTHS:
        errors["document_months"] = [_("Keep documents at least %(low)d months.") % {"low": MIN_MONTHS}]
    elif document_months > case_months:
        errors["document_months"] = [_("Documents cannot be kept longer than their case.")]
    return errors


@transaction.atomic
def do_set_retention_policy(
    *, actor: User, agency: Agency, case_months: int, document_months: int, expected_version: int
) -> RetentionPolicy:
    """Set the agency's retention periods, within the floor and ceiling; a stale version raises EditConflict."""
    errors = validate_policy(case_months, document_months)
    if errors:
        raise DomainError(next(iter(errors.values()))[0], code="retention.policy_invalid", fields=errors)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise the first save per agency
    policy = RetentionPolicy.objects.filter(agency=agency).first() or RetentionPolicy(agency=agency, version=0)
    check_version(
        policy.version,
        expected_version,
        {"case_months": str(policy.case_months), "document_months": str(policy.document_months)},
    )
    before = {"case_months": policy.case_months, "document_months": policy.document_months}
    policy.case_months, policy.document_months, policy.updated_by = case_months, document_months, actor
    policy.version += 1
    policy.full_clean()
    policy.save()
    write_audit(
        AuditEntry(
            "retention.policy_changed",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="retention_policy",
            object_id=str(policy.pk),
            detail={"before": before, "after": {"case_months": case_months, "document_months": document_months}},
        )
    )
    return policy


# --- Legal holds ---------------------------------------------------------------------------------


def _clean_reason(reason: str, field_name: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give a reason."), code="retention.reason_required", fields={field_name: [_("Give a reason.")]}
        )
    if len(reason) > REASON_LENGTH:
        message = _("At most %(n)d characters.") % {"n": REASON_LENGTH}
        raise DomainError(message, code="retention.reason_too_long", fields={field_name: [message]})
    return reason


@transaction.atomic
def do_place_legal_hold(*, actor: User, case: Case, reason: str) -> LegalHold:
    """Stop the purge and any erasure of this case (and its person) until the hold is lifted."""
    reason = _clean_reason(reason, "reason")
    if LegalHold.objects.select_for_update().filter(case=case, lifted_at__isnull=True).exists():
        raise DomainError(_("This case already has a legal hold."), code="retention.hold_exists")
    hold = LegalHold(agency_id=case.agency_id, case=case, reason=reason, placed_by=actor)
    hold.full_clean()
    hold.save()
    write_audit(
        AuditEntry(
            "retention.hold_placed",
            actor_id=actor.pk,
            agency_id=case.agency_id,
            object_type="case",
            object_id=str(case.pk),
            detail={"hold_id": str(hold.pk)},
        )
    )
    return hold


@transaction.atomic
def do_lift_legal_hold(*, actor: User, hold: LegalHold, reason: str) -> LegalHold:
    reason = _clean_reason(reason, "reason")
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.is_active:
        raise DomainError(_("This hold was already lifted."), code="retention.hold_lifted")
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), actor, reason
    hold.full_clean()
    hold.save()
    write_audit(
        AuditEntry(
            "retention.hold_lifted",
            actor_id=actor.pk,
            agency_id=hold.agency_id,
            object_type="case",
            object_id=str(hold.case_id),
            detail={"hold_id": str(hold.pk)},
        )
    )
    return hold


# --- The purge -----------------------------------------------------------------------------------


@dataclass
class PurgeResult:
    cases: int = 0
    survivors: int = 0
    documents: int = 0
    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def add_rows(self, removed: dict[str, int]) -> None:
        for label, count in removed.items():
            self.rows[label] = self.rows.get(label, 0) + count


def _purge_cases(agency_id: Any, case_rows: list[tuple[Any, Any]], reason: str, result: PurgeResult) -> None:
    """Remove these cases, their people when this was their last case, and everything hanging off them; one
    audit row per case and per person. Call inside a transaction."""
    case_ids = [case_id for case_id, _survivor in case_rows]
    survivor_ids = selectors.survivors_left_without_cases({s for _c, s in case_rows}, case_ids)
    result.add_rows(purge.execute(purge.case_plan(case_ids, survivor_ids)))
    gone = set(survivor_ids)
    entries = [
        AuditEntry(
            "retention.case_purged",
            agency_id=agency_id,
            object_type="case",
            object_id=str(case_id),
            detail={"reason": reason, "survivor_id": str(survivor_id), "survivor_removed": survivor_id in gone},
        )
        for case_id, survivor_id in case_rows
    ]
    entries += [
        AuditEntry(
            "retention.survivor_purged",
            agency_id=agency_id,
            object_type="survivor",
            object_id=str(survivor_id),
            detail={"reason": reason},
        )
        for survivor_id in survivor_ids
    ]
    write_audit_many(entries)
    result.cases += len(case_ids)
    result.survivors += len(survivor_ids)


def purge_agency(agency: Agency, *, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> PurgeResult:
    """Remove what is past the agency's policy, in batches of one transaction each. A crash loses at most the
    batch in flight (rolled back); running again carries on, and a run with nothing past retention changes nothing."""
    now = now or timezone.now()
    policy = selectors.policy_for(agency.pk)
    result = PurgeResult()
    while True:
        with transaction.atomic():
            batch = list(selectors.expired_cases(agency.pk, now, policy).values_list("pk", "survivor_id")[:batch_size])
            if not batch:
                break
            _purge_cases(agency.pk, batch, "retention_expired", result)
    while True:
        with transaction.atomic():
            documents = list(
                selectors.expired_documents(agency.pk, now, policy).values_list("pk", flat=True)[:batch_size]
            )
            if not documents:
                break
            result.add_rows(purge.execute(purge.document_plan(documents)))
            write_audit_many(
                AuditEntry(
                    "retention.document_purged",
                    agency_id=agency.pk,
                    object_type="document",
                    object_id=str(document_id),
                    detail={"reason": "retention_expired"},
                )
                for document_id in documents
            )
            result.documents += len(documents)
    result.files = purge.delete_pending_files()
    return result


def purge_expired(*, agencies: list[Agency] | None = None, now: datetime.datetime | None = None) -> PurgeResult:
    """The scheduled purge over every agency (or the ones given). Logs counts only."""
    total = PurgeResult()
    total.files = purge.delete_pending_files()  # blobs a crashed run left behind
    for agency in agencies if agencies is not None else list(Agency.objects.order_by("slug")):
        result = purge_agency(agency, now=now)
        total.cases += result.cases
        total.survivors += result.survivors
        total.documents += result.documents
        total.files += result.files
        total.add_rows(result.rows)
    logger.info(
        "retention purge: cases=%s survivors=%s documents=%s files=%s",
        total.cases,
        total.survivors,
        total.documents,
        total.files,
    )
    return total


# --- Erasure requests ("forget me") --------------------------------------------------------------


@transaction.atomic
def do_record_erasure_request(
    *,
    actor: User,
    survivor: Survivor,
    requested_on: datetime.date,
    requested_by: str,
    verification: str,
) -> ErasureRequest:
    """Record a verified request to erase this person's data; it waits for the agency admin's decision."""
    if selectors.pending_erasure_for(survivor.pk) is not None:
        raise DomainError(
            _("A request from this person is already waiting for a decision."), code="retention.erasure_pending"
        )
    if requested_on > timezone.localdate():
        message = _("The date cannot be in the future.")
        raise DomainError(message, code="retention.date_in_future", fields={"requested_on": [message]})
    request = ErasureRequest(
        agency_id=survivor.agency_id,
        survivor=survivor,
        survivor_ref=survivor.pk,
        requested_on=requested_on,
        requested_by=requested_by,
        verification=verification,
        verified_by=actor,
    )
    request.full_clean()
    request.save()
    write_audit(
        AuditEntry(
            "retention.erasure_requested",
            actor_id=actor.pk,
            agency_id=survivor.agency_id,
            object_type="erasure_request",
            object_id=str(request.pk),
            detail={"survivor_id": str(survivor.pk), "requested_by": requested_by, "verification": verification},
        )
    )
    return request


def do_decide_erasure_request(
    *, actor: User, request: ErasureRequest, approve: bool, comment: str, expected_version: int
) -> ErasureRequest:
    """Approve (and carry out) or decline an erasure request. The person who recorded it cannot decide it, as with
    case approvals. While a legal hold applies, approval is refused and the request stays open.

    Not a durable block: a caller may run it inside its own transaction (an idempotent request keeps its answer in
    the same one); the stored files are removed once the outermost transaction has committed."""
    with transaction.atomic():
        request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        check_version(request.version, expected_version, {"status": request.status})
        if request.status != ErasureStatus.PENDING:
            raise DomainError(_("This request was already decided."), code="retention.erasure_decided")
        if request.verified_by_id == actor.pk:
            raise DomainError(
                _("Someone other than the person who recorded the request must decide it."),
                code="retention.erasure_own_request",
            )
        if approve and request.survivor_id is not None and selectors.blocked_survivor_ids([request.survivor_id]):
            raise LegalHoldApplies(
                _(
                    "A legal hold applies to this person's case (a hold, an open legal matter or a deadline not yet "
                    "done). Nothing was erased; the request stays open until the hold ends."
                )
            )
        result = PurgeResult()
        if approve and request.survivor_id is not None:
            from reclaim.cases.models import Case

            cases = list(Case.objects.filter(survivor_id=request.survivor_id).values_list("pk", "survivor_id"))
            if cases:
                _purge_cases(request.agency_id, cases, "erasure_request", result)
            else:  # a person with no case: the survivor row and what hangs off it
                result.add_rows(purge.execute(purge.case_plan([], [request.survivor_id])))
                result.survivors += 1
                write_audit(
                    AuditEntry(
                        "retention.survivor_purged",
                        agency_id=request.agency_id,
                        object_type="survivor",
                        object_id=str(request.survivor_id),
                        detail={"reason": "erasure_request"},
                    )
                )
        request.refresh_from_db()  # the purge emptied `survivor`
        request.status = ErasureStatus.DONE if approve else ErasureStatus.DECLINED
        request.decided_by, request.decided_at = actor, timezone.now()
        request.comment = (comment or "").strip()[:REASON_LENGTH]
        request.counts = dict(sorted(result.rows.items()))
        request.version += 1
        request.full_clean()
        request.save()
        write_audit(
            AuditEntry(
                "retention.erasure_completed" if approve else "retention.erasure_declined",
                actor_id=actor.pk,
                agency_id=request.agency_id,
                object_type="erasure_request",
                object_id=str(request.pk),
                detail={
                    "survivor_id": str(request.survivor_ref),
                    "cases": result.cases,
                    "rows": sum(result.rows.values()),
                },
            )
        )
        if approve:
            # robust: the erasure stands even if storage fails; the notes left behind are finished by the next purge
            transaction.on_commit(purge.delete_pending_files, robust=True)
    return request
