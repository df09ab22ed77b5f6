"""Demo appointments: for open cases, a few past ones (kept or missed) and a few in the coming weeks, held
by the case's lead worker or an assigned worker, with the default in-app reminders for upcoming ones.
Deterministic and idempotent: cases that already have an appointment are left alone."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from reclaim.cases.models import Case, CaseAssignment
from reclaim.cases.state import ACTIVE
from reclaim.core.bulk import prepare_rows, write_together
from reclaim.demo.keys import demo_key
from reclaim.scheduling.actions import REMINDER_OFFSETS
from reclaim.scheduling.models import (
    Appointment,
    AppointmentAttendee,
    AppointmentMode,
    AppointmentStatus,
    Reminder,
    ReminderChannel,
)
from reclaim.services.models import ServiceType

if TYPE_CHECKING:
    from uuid import UUID

    from reclaim.accounts.models import Agency

PURPOSES = [
    "Check-in",
    "Housing application together",
    "Benefits paperwork",
    "Counselling session",
    "Lawyer meeting preparation",
    "Job centre visit",
    "Medical appointment (escort)",
    "",
]
PLACES = ["Our office, room 2", "Community centre", "", "Legal aid clinic"]


def _slot(rng: random.Random, day: datetime) -> tuple[datetime, datetime]:
    start = datetime.combine(day.date(), time(rng.choice([9, 10, 11, 13, 14, 15, 16]), rng.choice([0, 30])))
    start = timezone.make_aware(start)
    return start, start + timedelta(minutes=rng.choice([30, 45, 60, 90]))


def seed_appointments(agencies: dict[str, Agency], *, seed: int, batch_size: int = 1000) -> int:
    """Returns the number of appointments created."""
    now = timezone.now()
    codes = list(ServiceType.objects.filter(retired=False).values_list("pk", flat=True)[:40])
    created = 0
    for slug, agency in agencies.items():
        rng = random.Random(f"{seed}:{slug}:appointments")
        cases = list(
            Case.objects.filter(agency=agency, status__in=ACTIVE)
            .exclude(Exists(Appointment.objects.filter(case=OuterRef("pk"))))
            .order_by("number")
            .only("pk", "agency_id", "lead_worker_id", "number")
        )
        workers: dict[UUID, list[UUID]] = {}
        for case_id, user_id in CaseAssignment.objects.filter(case__in=[c.pk for c in cases]).values_list(
            "case_id", "user_id"
        ):
            workers.setdefault(case_id, []).append(user_id)
        for offset in range(0, len(cases), batch_size):
            appointments: list[dict[str, Any]] = []
            attendees: list[dict[str, Any]] = []
            reminders: list[dict[str, Any]] = []
            for case in cases[offset : offset + batch_size]:
                assigned = workers.get(case.pk) or []
                staff = case.lead_worker_id or (assigned[0] if assigned else None)
                if staff is None:
                    continue
                for days in sorted(rng.sample([-21, -14, -9, -5, -2, 1, 3, 6, 10, 15, 20], k=rng.randint(2, 4))):
                    starts, ends = _slot(rng, now + timedelta(days=days))
                    past = ends < now
                    status = AppointmentStatus.BOOKED
                    if past:
                        status = rng.choices(
                            [AppointmentStatus.KEPT, AppointmentStatus.NO_SHOW, AppointmentStatus.BOOKED],
                            weights=[7, 2, 1],
                        )[0]
                    elif rng.random() < 0.1:
                        status = AppointmentStatus.CANCELLED_BY_SURVIVOR
                    place = rng.choice(PLACES)
                    appointment = demo_key()
                    appointments.append(
                        {
                            "id": appointment,
                            "agency_id": agency.pk,
                            "case_id": case.pk,
                            "starts_at": starts,
                            "ends_at": ends,
                            "mode": rng.choices(list(AppointmentMode), weights=[6, 2, 2])[0],
                            "purpose": rng.choice(PURPOSES),
                            "place": place,
                            "place_confidential": place == "" and rng.random() < 0.5,
                            "service_type_id": rng.choice(codes) if codes and rng.random() < 0.6 else None,
                            "status": status,
                            "outcome_recorded_at": ends
                            if status in (AppointmentStatus.KEPT, AppointmentStatus.NO_SHOW)
                            else None,
                            "cancelled_at": now if status == AppointmentStatus.CANCELLED_BY_SURVIVOR else None,
                            "booked_by_id": staff,
                        }
                    )
                    attendees.append({"agency_id": agency.pk, "appointment_id": appointment, "user_id": staff})
                    if status == AppointmentStatus.BOOKED and not past:
                        reminders.extend(
                            {
                                "agency_id": agency.pk,
                                "appointment_id": appointment,
                                "recipient_id": staff,
                                "channel": ReminderChannel.IN_APP,
                                "send_at": starts - before,
                            }
                            for before in REMINDER_OFFSETS
                            if starts - before > now
                        )
            write_together(
                prepare_rows(Appointment, appointments),
                prepare_rows(AppointmentAttendee, attendees, keys=demo_key),
                prepare_rows(Reminder, reminders, keys=demo_key),
            )
            created += len(appointments)
    return created
