"""Reads for retention: the policy, what is past it, holds and erasure requests, scoped to the user's agency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case as CaseWhen
from django.db.models import Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.models import Case
from reclaim.cases.state import CaseStatus
from reclaim.connect.message_actions import DEFAULT_RETENTION_DAYS
from reclaim.connect.selectors import settings_for_agency
from reclaim.documents.models import Document
from reclaim.legal.models import LegalDeadline, LegalMatter, MatterStatus
from reclaim.people.models import Survivor
from reclaim.retention.models import ErasureRequest, ErasureStatus, LegalHold, RetentionPolicy

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def policy_for(agency_id: Any) -> RetentionPolicy:
    """The agency's policy, or an unsaved one with the defaults (version 0)."""
    policy = RetentionPolicy.objects.filter(agency_id=agency_id).first()
    return policy or RetentionPolicy(agency_id=agency_id, version=0)


def months_ago(now: datetime.datetime, months: int) -> datetime.datetime:
    """The same day of the month `months` earlier (the last day when that month is shorter)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    month += 1
    day = now.day
    while True:
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def _held_case() -> Q:
    """A case is held by an active legal hold, an open legal matter, or a matter's deadline not yet done."""
    active_hold = LegalHold.objects.filter(case=OuterRef("pk"), lifted_at__isnull=True)
    open_matter = LegalMatter.objects.filter(case=OuterRef("pk"), status=MatterStatus.OPEN)
    open_deadline = LegalDeadline.objects.filter(matter__case=OuterRef("pk"), done_on__isnull=True)
    return Q(Exists(active_hold)) | Q(Exists(open_matter)) | Q(Exists(open_deadline))


def held_cases(agency_id: Any) -> QuerySet[Case]:
    return Case.objects.filter(agency_id=agency_id).filter(_held_case())


def hold_reasons(case_ids: list[Any]) -> dict[Any, list[str]]:
    """Why each of these cases is held: codes "legal_hold", "open_matter", "open_deadline" (three queries)."""
    reasons: dict[Any, list[str]] = {}
    for case_id in LegalHold.objects.filter(case_id__in=case_ids, lifted_at__isnull=True).values_list(
        "case_id", flat=True
    ):
        reasons.setdefault(case_id, []).append("legal_hold")
    matters = LegalMatter.objects.filter(case_id__in=case_ids, status=MatterStatus.OPEN)
    for case_id in matters.values_list("case_id", flat=True).distinct():
        reasons.setdefault(case_id, []).append("open_matter")
    deadlines = LegalDeadline.objects.filter(matter__case_id__in=case_ids, done_on__isnull=True)
    for case_id in deadlines.values_list("matter__case_id", flat=True).distinct():
        reasons.setdefault(case_id, []).append("open_deadline")
    return reasons


def expired_cases(agency_id: Any, now: datetime.datetime, policy: RetentionPolicy) -> QuerySet[Case]:
    """Closed cases past the policy, held ones left out, oldest closure first."""
    cutoff = months_ago(now, policy.case_months)
    closed = Case.objects.filter(agency_id=agency_id, status=CaseStatus.CLOSED, closed_at__lt=cutoff)
    return closed.exclude(_held_case()).order_by("closed_at", "pk")


def expired_but_held(agency_id: Any, now: datetime.datetime, policy: RetentionPolicy) -> QuerySet[Case]:
    cutoff = months_ago(now, policy.case_months)
    closed = Case.objects.filter(agency_id=agency_id, status=CaseStatus.CLOSED, closed_at__lt=cutoff)
    return closed.filter(_held_case())


def survivors_left_without_cases(survivor_ids: set[Any], purged_case_ids: list[Any]) -> list[Any]:
    """Of these survivors, those with no case other than the ones being purged: they go with their last case."""
    keeps = Case.objects.filter(survivor=OuterRef("pk")).exclude(pk__in=purged_case_ids)
    return list(Survivor.objects.filter(pk__in=survivor_ids).exclude(Exists(keeps)).values_list("pk", flat=True))


def expired_documents(agency_id: Any, now: datetime.datetime, policy: RetentionPolicy) -> QuerySet[Document]:
    """Documents of closed cases past the document period whose case itself is still kept, held cases left out."""
    doc_cutoff = months_ago(now, policy.document_months)
    case_cutoff = months_ago(now, policy.case_months)
    cases = (
        Case.objects.filter(agency_id=agency_id, status=CaseStatus.CLOSED, closed_at__lt=doc_cutoff)
        .exclude(closed_at__lt=case_cutoff)
        .exclude(_held_case())
    )
    return Document.objects.filter(agency_id=agency_id, case__in=cases).order_by("created_at", "pk")


@dataclass(frozen=True)
class Preview:
    """What the next purge run would remove in one agency (counts only) and what a hold keeps."""

    cases: int
    survivors: int
    documents: int
    held: int
    case_cutoff: datetime.datetime
    document_cutoff: datetime.datetime
    message_days: int


def preview_for(agency_id: Any, now: datetime.datetime | None = None) -> Preview:
    now = now or timezone.now()
    policy = policy_for(agency_id)
    expired = expired_cases(agency_id, now, policy)
    case_ids = list(expired.values_list("pk", flat=True))
    survivor_ids = set(expired.values_list("survivor_id", flat=True))
    return Preview(
        cases=len(case_ids),
        survivors=len(survivors_left_without_cases(survivor_ids, case_ids)),
        documents=expired_documents(agency_id, now, policy).count(),
        held=expired_but_held(agency_id, now, policy).count(),
        case_cutoff=months_ago(now, policy.case_months),
        document_cutoff=months_ago(now, policy.document_months),
        message_days=portal.message_retention_days
        if (portal := settings_for_agency(agency_id))
        else DEFAULT_RETENTION_DAYS,
    )


def active_holds_for_admin(user: User) -> QuerySet[LegalHold]:
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_retention:
        return LegalHold.objects.none()
    holds = LegalHold.objects.filter(agency_id=membership.agency_id, lifted_at__isnull=True)
    return holds.select_related("case", "placed_by").order_by("-created_at", "-pk")


def holds_on_case(case: Case) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(case=case).select_related("placed_by", "lifted_by").order_by("-created_at")


def case_by_number(agency_id: Any, number: str) -> Case | None:
    return Case.objects.filter(agency_id=agency_id, number=number.strip()).first()


def erasure_requests_for_admin(user: User) -> QuerySet[ErasureRequest]:
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_retention:
        return ErasureRequest.objects.none()
    requests = ErasureRequest.objects.filter(agency_id=membership.agency_id)
    # the requests waiting for a decision first ("status" alone sorts them last: declined, done, pending)
    waiting_first = CaseWhen(When(status=ErasureStatus.PENDING, then=Value(0)), default=Value(1))
    return requests.select_related("verified_by", "decided_by").order_by(waiting_first, "-created_at", "-pk")


def blocked_survivor_ids(survivor_ids: list[Any]) -> set[Any]:
    """Of these survivors, those with a held case (one query)."""
    held = Case.objects.filter(survivor_id__in=survivor_ids).filter(_held_case())
    return set(held.values_list("survivor_id", flat=True))


def pending_erasure_for(survivor_id: Any) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(survivor_ref=survivor_id, status=ErasureStatus.PENDING).first()
