from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.errors import DomainError, EditConflict, InvalidTransition
from reclaim.core.models import AuditEvent
from reclaim.scheduling.actions import (
    AppointmentValues,
    SchedulingConflict,
    do_book_appointment,
    do_cancel_appointment,
    do_change_appointment,
    do_record_appointment_outcome,
)
from reclaim.scheduling.models import Appointment, AppointmentStatus, Reminder, ReminderChannel
from reclaim.scheduling.selectors import no_show_count
from reclaim.scheduling.tests.conftest import soon
from reclaim.services.models import ServiceRecord, ServiceSource

pytestmark = pytest.mark.django_db

SERVICE = "legal_assistance.immigration"


def _service_code() -> str:
    from reclaim.services.selectors import service_types

    return str(service_types().values_list("code", flat=True).first())


def test_book_writes_appointment_attendees_reminders_and_timeline(case, personas, book):
    # given a case; when the case manager books an appointment with the clinician for tomorrow
    appointment = book(case, attendee_ids=[personas["case_manager"].pk, personas["clinician"].pk], purpose="Visa")
    # then it is booked with both attendees, in-app reminders 24 h and 1 h before, and a timeline event of ids only
    assert appointment.status == AppointmentStatus.BOOKED
    assert {u.pk for u in appointment.attendees.all()} == {personas["case_manager"].pk, personas["clinician"].pk}
    reminders = Reminder.objects.filter(appointment=appointment)
    assert reminders.count() == 4
    assert {r.channel for r in reminders} == {ReminderChannel.IN_APP}
    assert {appointment.starts_at - r.send_at for r in reminders} == {timedelta(hours=24), timedelta(hours=1)}
    event = CaseEvent.objects.get(case=case, type=EventType.APPOINTMENT_BOOKED)
    assert event.parameters == {"appointment_id": str(appointment.pk), "mode": "in_person"}
    assert AuditEvent.objects.filter(action="appointment.booked", object_id=str(case.pk)).exists()
    assert appointment.ical_uid.endswith("@reclaim")
    assert str(appointment.pk).replace("-", "") not in appointment.ical_uid


def test_email_reminders_only_when_enabled(case, book, settings):
    settings.RECLAIM_APPOINTMENT_EMAIL_REMINDERS = True
    appointment = book(case)
    assert set(Reminder.objects.filter(appointment=appointment).values_list("channel", flat=True)) == {
        ReminderChannel.IN_APP,
        ReminderChannel.EMAIL,
    }


@pytest.mark.parametrize(
    ("starts_delta", "minutes", "field"),
    [
        (timedelta(days=-1), 60, "starts_at"),
        (timedelta(days=1), -30, "ends_at"),
        (timedelta(days=1), 13 * 60, "ends_at"),
    ],
)
def test_invalid_times_are_refused_and_nothing_saved(case, personas, starts_delta, minutes, field):
    starts = timezone.now() + starts_delta
    values = AppointmentValues(
        starts_at=starts, ends_at=starts + timedelta(minutes=minutes), attendee_ids=[personas["case_manager"].pk]
    )
    with pytest.raises(DomainError) as caught:
        do_book_appointment(actor=personas["case_manager"], case=case, values=values)
    assert field in caught.value.fields
    assert Appointment.objects.count() == 0
    assert Reminder.objects.count() == 0


def test_attendees_must_be_casework_staff_of_the_agency(case, personas):
    starts = soon()
    for attendee_ids in ([], [personas["volunteer"].pk], [personas["other_agency_user"].pk]):
        values = AppointmentValues(starts_at=starts, ends_at=starts + timedelta(hours=1), attendee_ids=attendee_ids)
        with pytest.raises(DomainError) as caught:
            do_book_appointment(actor=personas["case_manager"], case=case, values=values)
        assert "attendee_ids" in caught.value.fields
    assert Appointment.objects.count() == 0


def test_a_partner_agency_may_hold_the_appointment(case, personas):
    starts = soon()
    values = AppointmentValues(starts_at=starts, ends_at=starts + timedelta(hours=1), partner_name="Legal aid clinic")
    appointment = do_book_appointment(actor=personas["case_manager"], case=case, values=values)
    assert appointment.partner_name == "Legal aid clinic"
    assert Reminder.objects.filter(appointment=appointment).count() == 0


def test_overlap_with_the_same_staff_member_is_a_conflict_unless_confirmed(case, personas, book, survivor_a):
    from reclaim.cases.actions import do_open_case

    # given an appointment of the case manager on another case tomorrow 14:00-15:00
    second_case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    first = book(second_case)
    # when another is booked at 14:30 for the same staff member
    with pytest.raises(SchedulingConflict) as caught:
        book(case, starts_at=first.starts_at + timedelta(minutes=30))
    # then the clash is listed with its times and the case number (the booker may read that case)
    (clash,) = caught.value.clashes
    assert clash.appointment_id == first.pk
    assert clash.case_number == second_case.number
    assert not clash.same_case
    assert Appointment.objects.count() == 1
    # and confirming books it anyway
    book(case, starts_at=first.starts_at + timedelta(minutes=30), allow_conflict=True)
    assert Appointment.objects.count() == 2


def test_overlap_on_the_same_case_is_a_conflict_and_back_to_back_is_not(case, personas, book):
    first = book(case, attendee_ids=[personas["clinician"].pk])
    with pytest.raises(SchedulingConflict) as caught:
        book(case, starts_at=first.starts_at + timedelta(minutes=59))
    assert caught.value.clashes[0].same_case
    book(case, starts_at=first.ends_at)  # starts when the other ends: no clash


def test_clash_hides_the_case_number_of_a_case_the_booker_cannot_read(case, personas, survivor_a, book):
    from reclaim.cases.actions import do_open_case

    # given the clinician's appointment on a case the case manager is not assigned to
    hidden = do_open_case(actor=personas["supervisor"], survivor=survivor_a, team=None)
    from reclaim.cases.models import CaseAssignment

    CaseAssignment.objects.filter(case=hidden).exclude(user=personas["supervisor"]).delete()
    CaseAssignment.objects.get_or_create(agency=hidden.agency, case=hidden, user=personas["clinician"])
    first = book(hidden, actor="supervisor", attendee_ids=[personas["clinician"].pk])
    # when the case manager books the clinician at the same time
    with pytest.raises(SchedulingConflict) as caught:
        book(case, starts_at=first.starts_at, attendee_ids=[personas["clinician"].pk])
    # then the clash shows the time but no case number
    assert caught.value.clashes[0].case_number == ""


def test_moving_keeps_the_old_one_as_rescheduled_and_books_a_new_one(case, personas, book):
    appointment = book(case)
    old_uid = appointment.ical_uid
    values = AppointmentValues.of(appointment)
    values.starts_at = appointment.starts_at + timedelta(days=1)
    values.ends_at = appointment.ends_at + timedelta(days=1)
    moved = do_change_appointment(
        actor=personas["case_manager"], appointment=appointment, expected_version=appointment.version, values=values
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.RESCHEDULED
    assert moved.pk != appointment.pk
    assert moved.rescheduled_from_id == appointment.pk
    assert moved.ical_uid != old_uid
    assert not Reminder.objects.filter(appointment=appointment, status="pending").exists()
    assert Reminder.objects.filter(appointment=moved, status="pending").count() == 2
    event = CaseEvent.objects.get(case=case, type=EventType.APPOINTMENT_CHANGED)
    assert event.parameters["new_appointment_id"] == str(moved.pk)


def test_changing_details_in_place_and_a_stale_version(case, personas, book):
    appointment = book(case)
    values = AppointmentValues.of(appointment)
    values.purpose = "Bring the letter"
    saved = do_change_appointment(
        actor=personas["case_manager"], appointment=appointment, expected_version=1, values=values
    )
    assert saved.pk == appointment.pk
    assert saved.version == 2
    with pytest.raises(EditConflict):
        do_change_appointment(
            actor=personas["case_manager"], appointment=appointment, expected_version=1, values=values
        )


def test_cancel_stops_reminders_and_cannot_cancel_twice(case, personas, book):
    appointment = book(case)
    cancelled = do_cancel_appointment(
        actor=personas["case_manager"], appointment=appointment, expected_version=1, by="survivor"
    )
    assert cancelled.status == AppointmentStatus.CANCELLED_BY_SURVIVOR
    assert not Reminder.objects.filter(appointment=appointment, status="pending").exists()
    assert CaseEvent.objects.get(case=case, type=EventType.APPOINTMENT_CANCELLED).parameters["status"] == (
        "cancelled_by_survivor"
    )
    with pytest.raises(InvalidTransition):
        do_cancel_appointment(actor=personas["case_manager"], appointment=appointment, expected_version=2, by="agency")


def test_outcome_of_a_future_appointment_is_refused(case, personas, book):
    appointment = book(case)
    with pytest.raises(DomainError) as caught:
        do_record_appointment_outcome(
            actor=personas["case_manager"], appointment=appointment, expected_version=1, outcome="kept"
        )
    assert caught.value.code == "scheduling.not_started"
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_kept_writes_the_service_record_once(case, personas, book):
    code = _service_code()
    appointment = book(case, service_type=code)
    with time_machine.travel(appointment.ends_at + timedelta(minutes=5)):
        kept = do_record_appointment_outcome(
            actor=personas["case_manager"],
            appointment=appointment,
            expected_version=1,
            outcome="kept",
            record_service=True,
        )
        # recording again (a correction of the note) finds the first service record
        do_record_appointment_outcome(
            actor=personas["case_manager"],
            appointment=kept,
            expected_version=kept.version,
            outcome="kept",
            note="Went well",
            record_service=True,
        )
    record = ServiceRecord.objects.get(source_kind=ServiceSource.APPOINTMENT, source_id=appointment.pk)
    assert record.service_type.code == code
    assert record.duration_minutes == 60
    assert record.provider_id == personas["case_manager"].pk
    assert CaseEvent.objects.filter(case=case, type=EventType.APPOINTMENT_ATTENDED).count() == 2


def test_no_show_counts_on_the_case(case, personas, book):
    first = book(case)
    second = book(case, starts_at=first.starts_at + timedelta(hours=2))
    with time_machine.travel(second.ends_at + timedelta(minutes=1)):
        for appointment in (first, second):
            do_record_appointment_outcome(
                actor=personas["case_manager"], appointment=appointment, expected_version=1, outcome="no_show"
            )
    assert no_show_count(case) == 2
    assert CaseEvent.objects.filter(case=case, type=EventType.APPOINTMENT_NO_SHOW).count() == 2
