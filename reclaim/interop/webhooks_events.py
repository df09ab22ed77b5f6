"""The webhook event catalogue and how a timeline row becomes a webhook event.

Every domain write leaves a CaseEvent (reclaim/cases/events.py). A few of its types are of interest to
partner systems; each maps to one or more webhook events whose `data` is picked key by key from the
timeline row's parameters: ids and codes only. A parameter that is not named here never leaves Reclaim
(timeline rows may carry a reason code or field names, and future ones may carry more)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from reclaim.cases.models import EventType
from reclaim.cases.state import CaseStatus

if TYPE_CHECKING:
    from reclaim.cases.models import CaseEvent

PING = "ping"

# code -> label, in the order the subscription form lists them
EVENT_TYPES: dict[str, Any] = {
    "case.opened": _("A case was opened"),
    "case.stage_changed": _("A case moved to another stage"),
    "case.closed": _("A case was closed"),
    "referral.created": _("A referral was drafted"),
    "referral.state_changed": _("A referral changed state"),
    "appointment.created": _("An appointment was booked"),
    "appointment.changed": _("An appointment was changed"),
    "appointment.cancelled": _("An appointment was cancelled"),
    "appointment.attended": _("An appointment was kept"),
    "appointment.missed": _("An appointment was missed"),
    "assessment.recorded": _("An assessment was recorded"),
    "consent.revoked": _("Consent was taken back"),
}


@dataclass(frozen=True)
class WebhookEvent:
    id: uuid.UUID
    type: str
    data: dict[str, Any]


def _pick(parameters: dict[str, Any], **names: str) -> dict[str, Any]:
    """`{payload_name: parameter_name}`: copy the named parameters that are present, as strings or lists of them."""
    data: dict[str, Any] = {}
    for out, name in names.items():
        value = parameters.get(name)
        if value in (None, ""):
            continue
        data[out] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


# CaseEvent type -> (webhook type, {payload key: parameter name})
_SIMPLE: dict[str, tuple[str, dict[str, str]]] = {
    EventType.OPENED: ("case.opened", {}),
    EventType.REFERRAL_CREATED: ("referral.created", {"referral_id": "referral_id"}),
    EventType.APPOINTMENT_BOOKED: ("appointment.created", {"appointment_id": "appointment_id", "mode": "mode"}),
    EventType.APPOINTMENT_CANCELLED: ("appointment.cancelled", {"appointment_id": "appointment_id", "by": "status"}),
    EventType.APPOINTMENT_ATTENDED: ("appointment.attended", {"appointment_id": "appointment_id"}),
    EventType.APPOINTMENT_NO_SHOW: ("appointment.missed", {"appointment_id": "appointment_id"}),
    EventType.ASSESSMENT_RECORDED: (
        "assessment.recorded",
        {"assessment_id": "assessment_id", "instrument": "instrument"},
    ),
    EventType.CONSENT_REVOKED: ("consent.revoked", {"consent_id": "consent_id", "purpose": "purpose"}),
    EventType.PORTAL_CONSENT_REVOKED: ("consent.revoked", {"consent_id": "consent_id", "purpose": "purpose"}),
}


def _event_id(case_event: CaseEvent, webhook_type: str) -> uuid.UUID:
    """Derived from the timeline row, so handling the same row twice makes the same event (and no second delivery)."""
    return uuid.uuid5(uuid.UUID(str(case_event.pk)), webhook_type)


def webhook_events_for(case_event: CaseEvent) -> list[WebhookEvent]:
    """The webhook events one timeline row makes (usually none)."""
    parameters = case_event.parameters or {}
    base = {"case_id": str(case_event.case_id)}
    found: list[tuple[str, dict[str, Any]]] = []
    if case_event.type in _SIMPLE:
        webhook_type, names = _SIMPLE[case_event.type]
        found.append((webhook_type, _pick(parameters, **names)))
    elif case_event.type == EventType.STATUS_CHANGED:
        found.append(("case.stage_changed", _pick(parameters, **{"from": "old", "to": "new"})))
        if parameters.get("new") == CaseStatus.CLOSED:
            found.append(("case.closed", {}))
    elif case_event.type == EventType.REFERRAL_CHANGED and parameters.get("new"):
        found.append(
            (
                "referral.state_changed",
                _pick(parameters, referral_id="referral_id", **{"from": "old", "to": "new"}, side="side"),
            )
        )
    elif case_event.type == EventType.APPOINTMENT_CHANGED:
        data = _pick(parameters, appointment_id="appointment_id", new_appointment_id="new_appointment_id")
        fields = parameters.get("fields")
        if fields:
            data["fields"] = [name for name in str(fields).split(",") if name]
        found.append(("appointment.changed", data))
    return [WebhookEvent(_event_id(case_event, kind), kind, {**base, **data}) for kind, data in found]
