from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail

from reclaim.cases.tasklist import tasks_for
from reclaim.scheduling import sms
from reclaim.scheduling.actions import do_cancel_appointment, send_due_reminders
from reclaim.scheduling.models import Reminder, ReminderChannel, ReminderStatus
from reclaim.scheduling.tasks import send_due_reminders as send_due_reminders_task

pytestmark = pytest.mark.django_db


def test_the_task_is_a_periodic_job_every_five_minutes():
    jobs = {path: seconds for _name, seconds, path in django_settings.RECLAIM_PERIODIC_JOBS}
    assert jobs["reclaim.scheduling.tasks.send_due_reminders"] == 300


def test_due_reminders_are_sent_once_however_often_the_task_runs(case, book, settings, personas):
    # given email reminders on, and an appointment booked with the case manager
    settings.RECLAIM_APPOINTMENT_EMAIL_REMINDERS = True
    appointment = book(case, purpose="Asylum interview prep", place="Shelter, 12 Hidden Lane")
    # when the clock reaches the 24-hour reminder and the task runs twice
    with time_machine.travel(appointment.starts_at - timedelta(hours=23)):
        first = send_due_reminders_task.call()
        second = send_due_reminders_task.call()
    # then the in-app and email reminders went out once
    assert (first, second) == (2, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas["case_manager"].email]
    text = f"{message.subject} {message.body}"
    assert "You have an appointment at 2 p.m." in text
    for secret in (case.number, "Marisol", "Quintanilla", "Hidden Lane", "Shelter", "Asylum", "trafficking"):
        assert secret not in text
    statuses = dict(
        Reminder.objects.filter(
            appointment=appointment, send_at__lte=appointment.starts_at - timedelta(hours=24)
        ).values_list("channel", "status")
    )
    assert statuses == {ReminderChannel.IN_APP: ReminderStatus.SENT, ReminderChannel.EMAIL: ReminderStatus.SENT}
    # and the 1-hour reminders are still waiting
    assert Reminder.objects.filter(appointment=appointment, status=ReminderStatus.PENDING).count() == 2


def test_reminders_of_a_cancelled_appointment_are_not_sent(case, book, personas, settings):
    settings.RECLAIM_APPOINTMENT_EMAIL_REMINDERS = True
    appointment = book(case)
    do_cancel_appointment(actor=personas["case_manager"], appointment=appointment, expected_version=1, by="agency")
    with time_machine.travel(appointment.starts_at - timedelta(minutes=30)):
        assert send_due_reminders() == 0
    assert mail.outbox == []
    assert not Reminder.objects.filter(appointment=appointment, status=ReminderStatus.SENT).exists()


def test_sms_reminders_without_a_staff_number_are_not_sent(case, book, capsys):
    appointment = book(case)
    reminder = Reminder.objects.create(
        agency=case.agency,
        appointment=appointment,
        recipient=appointment.attendees.get(),
        channel=ReminderChannel.SMS,
        send_at=appointment.starts_at - timedelta(hours=2),
    )
    with time_machine.travel(reminder.send_at + timedelta(minutes=1)):
        send_due_reminders()
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FAILED
    assert capsys.readouterr().out == ""


def test_console_sms_backend_masks_the_number(capsys, settings):
    settings.RECLAIM_SMS_BACKEND = "reclaim.scheduling.sms.ConsoleSmsBackend"
    backend: sms.SmsBackend = sms.get_sms_backend()
    backend.send(to="+15550104477", body="You have an appointment at 14:00")
    out = capsys.readouterr().out
    assert "***77" in out
    assert "0104477" not in out


def test_task_list_shows_todays_appointment_and_asks_for_the_outcome_afterwards(case, book, personas):
    appointment = book(case)
    user = personas["case_manager"]
    with time_machine.travel(appointment.starts_at - timedelta(hours=2)):
        from django.utils import timezone

        items = [i for i in tasks_for(user, timezone.localdate()) if i.source == "appointment"]
        assert [i.title for i in items] == ["Appointment at 2 p.m."]
        assert items[0].case_number == case.number
    with time_machine.travel(appointment.ends_at + timedelta(days=1)):
        items = [i for i in tasks_for(user, timezone.localdate()) if i.source == "appointment"]
        assert [i.title for i in items] == ["Record whether the appointment at 2 p.m. was kept"]
    # someone who does not attend sees nothing
    assert [i for i in tasks_for(personas["clinician"], timezone.localdate()) if i.source == "appointment"] == []
