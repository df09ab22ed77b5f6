"""The case lifecycle as a pure function (DOMAIN.md §2.1): which moves exist, what each needs.

Guards check process facts (consent to services, an approval), never a survivor's answers.
Skipping a stage forward is allowed and only warns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    INTAKE = "intake", _("Intake")
    STABILIZATION = "stabilization", _("Stabilisation")
    ASSESSMENT = "assessment", _("Assessment")
    ACTIVE_PLAN = "active_plan", _("Active plan")
    REINTEGRATION = "reintegration", _("Reintegration")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


ORDER = list(CaseStatus)
ACTIVE = frozenset(
    {
        CaseStatus.INTAKE,
        CaseStatus.STABILIZATION,
        CaseStatus.ASSESSMENT,
        CaseStatus.ACTIVE_PLAN,
        CaseStatus.REINTEGRATION,
    }
)
NEEDS_APPROVAL = frozenset({CaseStatus.CLOSED, CaseStatus.FOLLOW_UP})
HTCDS_STATUS = {
    CaseStatus.IDENTIFIED: "",
    **dict.fromkeys(ACTIVE, "Active"),
    CaseStatus.FOLLOW_UP: "FollowUp",
    CaseStatus.CLOSED: "Closed",
}


@dataclass(frozen=True)
class Facts:
    """Process facts about a case that entry criteria look at."""

    services_consent: bool = False
    approved: bool = False
    close_reason: str = ""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


MISSING_TEXT = {
    "services_consent": _("Record that the person consents to receive services (not to sharing)."),
    "approval": _("A supervisor must approve this move: request approval first."),
    "close_reason": _("Choose a closure reason."),
    "not_a_move": _("This move is not part of the case lifecycle."),
}
WARNING_TEXT = {"skipped_stage": _("This skips a stage; you can come back to it.")}


def targets(current: str) -> list[str]:
    """Every status a case in `current` may move to (before entry criteria)."""
    status = CaseStatus(current)
    if status == CaseStatus.CLOSED:
        return [CaseStatus.INTAKE]  # reopen: a new enrollment, history kept
    if status == CaseStatus.IDENTIFIED:
        return [CaseStatus.INTAKE, CaseStatus.CLOSED]
    if status == CaseStatus.FOLLOW_UP:
        return [CaseStatus.INTAKE, CaseStatus.CLOSED]
    later = [s for s in ORDER[ORDER.index(status) + 1 :] if s in ACTIVE]
    extra = [CaseStatus.ACTIVE_PLAN] if status == CaseStatus.REINTEGRATION else []
    return [*later, *extra, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED]


def check(current: str, target: str, facts: Facts) -> Verdict:
    """Whether `current → target` may happen now, what is missing, and what to warn about."""
    if target not in targets(current):
        return Verdict(False, ("not_a_move",))
    missing: list[str] = []
    if target == CaseStatus.INTAKE and not facts.services_consent:
        missing.append("services_consent")
    if target in NEEDS_APPROVAL and not facts.approved:
        missing.append("approval")
    if target == CaseStatus.CLOSED and not facts.close_reason:
        missing.append("close_reason")
    warnings: list[str] = []
    if (
        current in ACTIVE
        and target in ACTIVE
        and ORDER.index(CaseStatus(target)) > ORDER.index(CaseStatus(current)) + 1
    ):
        warnings.append("skipped_stage")
    return Verdict(not missing, tuple(missing), tuple(warnings))
