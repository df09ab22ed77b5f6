"""Fixtures for appointments: a case of agency A and a helper that books through the action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case
from reclaim.scheduling.actions import AppointmentValues, do_book_appointment
from reclaim.scheduling.models import Appointment


@pytest.fixture
def case(personas, survivor_a) -> Case:
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


@pytest.fixture
def other_case(personas, survivor_b) -> Case:
    return do_open_case(actor=personas["other_agency_user"], survivor=survivor_b, team=survivor_b.team)


def soon(days: int = 2, hour: int = 14) -> datetime:
    """A time `days` from now at `hour`:00 local time."""
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def book(personas) -> Callable[..., Appointment]:
    def make(
        case: Case,
        *,
        starts_at: datetime | None = None,
        minutes: int = 60,
        actor: str = "case_manager",
        allow_conflict: bool = False,
        **values: Any,
    ) -> Appointment:
        starts = starts_at or soon()
        values.setdefault("attendee_ids", [personas[actor].pk])
        return do_book_appointment(
            actor=personas[actor],
            case=case,
            values=AppointmentValues(starts_at=starts, ends_at=starts + timedelta(minutes=minutes), **values),
            allow_conflict=allow_conflict,
        )

    return make
