from __future__ import annotations

import pytest
from django.core.management import call_command

from reclaim.cases.models import Case
from reclaim.cases.state import ACTIVE
from reclaim.scheduling.models import Appointment, AppointmentAttendee, AppointmentStatus, Reminder

pytestmark = pytest.mark.django_db


def test_seeded_open_cases_have_past_and_upcoming_appointments_once():
    # given the demo data
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    count = Appointment.objects.count()
    # then open cases have appointments in the past (kept or missed) and to come, each with an attendee
    assert count > 0
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert {AppointmentStatus.KEPT, AppointmentStatus.NO_SHOW, AppointmentStatus.BOOKED} <= statuses
    assert AppointmentAttendee.objects.count() == count
    assert Reminder.objects.exists()
    assert not Appointment.objects.exclude(case__status__in=ACTIVE).exists()
    assert Case.objects.filter(status__in=ACTIVE, appointments__isnull=False).exists()
    # and seeding again adds nothing
    call_command("seed_demo", "--survivors", "30", "--no-progress")
    assert Appointment.objects.count() == count
