"""Reads of the FHIR export, through the domains' own selectors. Only the parts the consent allows are read: a
class that is not covered is never loaded (like the referral packet builder)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from reclaim.assessments.models import AssessmentStatus
from reclaim.assessments.selectors import assessments_for_case
from reclaim.cases.models import NeedKind, NeedStatus
from reclaim.consent.models import Purpose
from reclaim.consent.selectors import consents_for_survivor
from reclaim.interop.fhir import FAMILY_KINDS, ExportSource
from reclaim.people.selectors import relations_for_survivor
from reclaim.plans.selectors import plan_for_case
from reclaim.referrals.models import ReferralStatus
from reclaim.referrals.selectors import referrals_for_case
from reclaim.scheduling.selectors import appointments_for_case

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.consent.models import ConsentRecord

# Purposes under which a case may leave as a FHIR file: sharing information with, or referring to, the named
# recipient. Law enforcement, research, media, reporting and contact consents never cover an export.
SHARING_PURPOSES = (Purpose.INFORMATION_SHARING, Purpose.SERVICE_REFERRAL)


def sharing_consents(case: Case, *, on: datetime.date | None = None) -> list[ConsentRecord]:
    """The survivor's consents in force today whose purpose is sharing with a recipient, newest first."""
    day = on or timezone.localdate()
    rows = consents_for_survivor(case.survivor).filter(purpose__in=SHARING_PURPOSES)
    return [consent for consent in rows if consent.is_live_on(day)]


def sharing_consent(case: Case, consent_id: Any, *, on: datetime.date | None = None) -> ConsentRecord | None:
    """One live sharing consent of the case's survivor, or None (missing, someone else's, ended, other purpose)."""
    return next((c for c in sharing_consents(case, on=on) if str(c.pk) == str(consent_id)), None)


def export_source(user: User, case: Case, consent: ConsentRecord, parts: frozenset[str]) -> ExportSource:
    """The records of the allowed parts, read through the domains' selectors (the case passed its gate)."""
    source = ExportSource(case=case, survivor=case.survivor, consent=consent, parts=parts)
    if "case_summary" in parts:
        source.relations = [
            relation
            for relation in relations_for_survivor(case.survivor)
            if relation.kind in FAMILY_KINDS and not relation.connected_to_trafficking
        ]
        source.plan = plan_for_case(case)
        if source.plan is not None:
            source.goals = list(source.plan.goals.order_by("position", "created_at"))
        source.appointments = list(appointments_for_case(case))
    if "needs" in parts:
        needs = case.needs.exclude(status=NeedStatus.NOT_NEEDED)
        source.needs = sorted(needs, key=lambda n: NeedKind.values.index(n.need))
    if "referrals" in parts:
        source.referrals = list(referrals_for_case(case).exclude(status=ReferralStatus.DRAFT).order_by("created_at"))
    if "assessment_results" in parts:
        source.assessments = list(
            assessments_for_case(user, case).filter(status=AssessmentStatus.COMPLETED).order_by("administered_on")
        )
    return source
