"""Labels of the codes a referral stores (status, reasons, outcomes, data classes, needs) for its pages."""

from __future__ import annotations

from django import template

from reclaim.cases.models import NeedKind, NeedStatus
from reclaim.cases.state import CaseStatus
from reclaim.consent.models import DataClass
from reclaim.core.refdata import SERVICE_CATEGORY, shipped_label
from reclaim.people.ages import AgeBand
from reclaim.people.models import ContactChannel, TriState
from reclaim.referrals.models import ReferralStatus, Urgency
from reclaim.referrals.referral_states import DeclineReason, Outcome
from reclaim.services.taxonomy import CATEGORIES

register = template.Library()

_VOCABULARIES = {
    "status": ReferralStatus,
    "decline": DeclineReason,
    "outcome": Outcome,
    "data_class": DataClass,
    "need": NeedKind,
    "need_status": NeedStatus,
    "urgency": Urgency,
    "stage": CaseStatus,
    "age_band": AgeBand,
    "channel": ContactChannel,
    "tristate": TriState,
}


@register.filter
def label(code: str | None, vocabulary: str) -> str:
    """`{{ code|label:"outcome" }}`: the label of a stored code, or the code itself if unknown."""
    if not code:
        return ""
    choices = _VOCABULARIES[vocabulary]
    return str(choices(code).label) if code in choices.values else str(code)


@register.filter
def data_class_labels(codes: list[str]) -> list[str]:
    return [str(DataClass(code).label) for code in codes if code in DataClass.values]


_CATEGORY_LABELS = {spec.code: spec.label for spec in CATEGORIES}


@register.filter
def service_label(code: str | None) -> str:
    """`{{ referral.service_category|service_label }}`: the shipped category's name (no query), else the code."""
    label = _CATEGORY_LABELS.get(code or "")
    return shipped_label(label, SERVICE_CATEGORY) if label else code or ""
