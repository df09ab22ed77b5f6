"""Helpers for the retention tests: a case closed some years ago, and the audit rows written since a mark."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case
from reclaim.core.models import AuditEvent
from reclaim.retention.actions import do_record_erasure_request
from reclaim.retention.models import ErasureRequest


def closed_case(personas: dict[str, Any], survivor: Any, *, years_ago: float) -> Case:
    """A case of `survivor` closed `years_ago` (the clock of closure is what retention counts from)."""
    case = do_open_case(actor=personas["case_manager"], survivor=survivor, team=survivor.team)
    closed_at = timezone.now() - datetime.timedelta(days=round(365.25 * years_ago))
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=closed_at, close_reason="goals_met")
    case.refresh_from_db()
    return case


def audit_mark() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def audit_since(mark: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=mark).order_by("id"))


def recorded_erasure_request(personas: dict[str, Any], survivor: Any) -> ErasureRequest:
    """The survivor's request to be erased, recorded today by the case manager, asked in person."""
    return do_record_erasure_request(
        actor=personas["case_manager"],
        survivor=survivor,
        requested_on=timezone.localdate(),
        requested_by="survivor",
        verification="in_person",
    )
