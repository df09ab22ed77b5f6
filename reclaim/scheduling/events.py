"""Timeline events of appointments: ids and codes only (mode, service type, who cancelled), never the
purpose, the place or the note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.cases.events import _record  # the one writer of timeline rows (event + audit row)
from reclaim.cases.models import EventType

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case, CaseEvent


def appointment_booked(
    *, case: Case, actor: User | None, appointment_id: str, mode: str, service_type: str = ""
) -> CaseEvent:
    extra = {"service_type": service_type} if service_type else {}
    return _record(
        case,
        actor,
        EventType.APPOINTMENT_BOOKED,
        "appointment.booked",
        appointment_id=appointment_id,
        mode=mode,
        **extra,
    )


def appointment_changed(
    *, case: Case, actor: User | None, appointment_id: str, fields: list[str], new_appointment_id: str = ""
) -> CaseEvent:
    extra = {"new_appointment_id": new_appointment_id} if new_appointment_id else {}
    return _record(
        case,
        actor,
        EventType.APPOINTMENT_CHANGED,
        "appointment.changed",
        appointment_id=appointment_id,
        fields=",".join(fields),
        **extra,
    )


def appointment_cancelled(*, case: Case, actor: User | None, appointment_id: str, status: str) -> CaseEvent:
    return _record(
        case,
        actor,
        EventType.APPOINTMENT_CANCELLED,
        "appointment.cancelled",
        appointment_id=appointment_id,
        status=status,
    )


def appointment_attended(*, case: Case, actor: User | None, appointment_id: str, service_id: str = "") -> CaseEvent:
    extra = {"service_id": service_id} if service_id else {}
    return _record(
        case, actor, EventType.APPOINTMENT_ATTENDED, "appointment.kept", appointment_id=appointment_id, **extra
    )


def appointment_no_show(*, case: Case, actor: User | None, appointment_id: str) -> CaseEvent:
    return _record(case, actor, EventType.APPOINTMENT_NO_SHOW, "appointment.no_show", appointment_id=appointment_id)
