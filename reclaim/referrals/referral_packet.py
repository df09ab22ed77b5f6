"""The minimum-necessary referral packet (DOMAIN.md §7.3), built on the server at sending and frozen.

Always: the referral's id, the service and reason, the urgency, the person's language and whether an
interpreter is needed, who sends it and when. Everything else only for the data classes the sender chose
(and consent or an override allows): nothing of a class that was not chosen is ever read into the packet.
Narrative, places of the trafficking history, perpetrators, clinical, legal and immigration details and
documents are never copied automatically: those classes cannot be chosen here. Privileged material (the
legal team's notes and documents) is never read into a packet at all, whatever a consent covers: no
builder reads case notes or documents, and `build_packet` drops the legal and documents classes even if
they reach it (NEVER_IN_PACKET)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from reclaim.assessments.models import Assessment
from reclaim.cases.models import RESOLVED_NEED_STATUSES, HistoricEvent, ImmediateNeed, NeedKind
from reclaim.cases.selectors import interpreter_needed_for_case
from reclaim.consent.models import DataClass
from reclaim.services.selectors import categories

if TYPE_CHECKING:
    from reclaim.referrals.models import Referral

# The classes the packet builder fills, in the order they are shown.
PACKET_CLASSES: tuple[str, ...] = (
    DataClass.IDENTITY,
    DataClass.CONTACT,
    DataClass.LOCATION,
    DataClass.CASE_SUMMARY,
    DataClass.NEEDS,
    DataClass.ASSESSMENTS,
    DataClass.TRAFFICKING_HISTORY,
)

# Never in a packet, even with a consent covering them: privileged legal material (legal-level notes and
# documents, DOMAIN.md §1) and files, which a receiving agency asks for separately.
NEVER_IN_PACKET: frozenset[str] = frozenset({DataClass.LEGAL, DataClass.DOCUMENTS})
assert not NEVER_IN_PACKET & set(PACKET_CLASSES)  # noqa: S101 — a guard on the table above

PACKET_CLASS_HELP = {
    DataClass.IDENTITY: _("First name or the name they use, pronouns, age band"),
    DataClass.CONTACT: _("Whether and how to contact them safely, safe times, phone"),
    DataClass.LOCATION: _("Where they were identified"),
    DataClass.CASE_SUMMARY: _("Stage of the case, under 18 or not, date identified"),
    DataClass.NEEDS: _("Immediate needs still open"),
    DataClass.ASSESSMENTS: _("Latest result of each screening or scale (totals and bands only)"),
    DataClass.TRAFFICKING_HISTORY: _("Kinds of events, countries and years only; never places or the story"),
}


def service_label(code: str) -> str:
    category = categories().filter(code=code).first()
    return category.display_label if category is not None else code


def _identity(referral: Referral) -> dict[str, Any]:
    survivor, case = referral.survivor, referral.case
    return {
        "name": survivor.chosen_name or survivor.given_name or "",
        "pronouns": survivor.pronouns,
        "age_band": case.age_band,
    }


def _contact(referral: Referral) -> dict[str, Any]:
    survivor = referral.survivor
    safe = survivor.safe_to_contact != "no"
    return {
        "safe_to_contact": survivor.safe_to_contact,
        "channel": survivor.safe_channel,
        "safe_times": survivor.safe_times or "",
        "phone": (survivor.phone or "") if safe else "",
    }


def _location(referral: Referral) -> dict[str, Any]:
    return {"identification_place": referral.case.identification_place or ""}


def _case_summary(referral: Referral) -> dict[str, Any]:
    case = referral.case
    return {
        "stage": case.status,
        "is_minor": case.is_minor,
        "identified_on": case.identified_on.isoformat() if case.identified_on else "",
    }


def _needs(referral: Referral) -> list[dict[str, Any]]:
    needs = ImmediateNeed.objects.filter(case_id=referral.case_id).exclude(status__in=list(RESOLVED_NEED_STATUSES))
    return [
        {"need": need.need, "status": need.status, "urgent": need.urgent}
        for need in sorted(needs, key=lambda n: NeedKind.values.index(n.need))
    ]


def _assessments(referral: Referral) -> list[dict[str, Any]]:
    rows = (
        Assessment.objects.filter(case_id=referral.case_id, complete=True)
        .select_related("instrument_version__instrument")
        .order_by("-administered_on", "-created_at")
    )
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = row.instrument_version.instrument.code
        if code not in latest:
            latest[code] = {
                "instrument": code,
                "administered_on": row.administered_on.isoformat() if row.administered_on else "",
                "total": str(row.total) if row.total is not None else "",
                "band": row.band,
            }
    return list(latest.values())


def _history(referral: Referral) -> list[dict[str, Any]]:
    events = HistoricEvent.objects.filter(case_id=referral.case_id, archived_at__isnull=True).order_by("started_on")
    return [
        {
            "type": event.type,
            "country": event.country,
            "year": event.started_on.year if event.started_on else None,
        }
        for event in events
    ]


BUILDERS = {
    DataClass.IDENTITY: _identity,
    DataClass.CONTACT: _contact,
    DataClass.LOCATION: _location,
    DataClass.CASE_SUMMARY: _case_summary,
    DataClass.NEEDS: _needs,
    DataClass.ASSESSMENTS: _assessments,
    DataClass.TRAFFICKING_HISTORY: _history,
}


def build_packet(referral: Referral, classes: list[str], *, sender_name: str, sent_at: str) -> dict[str, Any]:
    """The packet for `classes` only (each must be one of PACKET_CLASSES; privileged classes are dropped)."""
    classes = [c for c in classes if c not in NEVER_IN_PACKET and c in BUILDERS]
    packet: dict[str, Any] = {
        "referral_id": str(referral.pk),
        "service_category": referral.service_category,
        "service_label": service_label(referral.service_category),
        "reason": referral.reason or "",
        "urgency": referral.urgency,
        "language": referral.survivor.preferred_language,
        "interpreter_needed": interpreter_needed_for_case(referral.case_id),
        "from_agency": sender_name,
        "sent_at": sent_at,
        "data_classes": list(classes),
    }
    for data_class in classes:
        packet[data_class] = BUILDERS[DataClass(data_class)](referral)
    return packet
