"""Tell once (issue 14, DOMAIN.md §7.6): a new appointment starts from what the case already records about an
interpreter (the immediate-needs checklist) and the person's preferred language, instead of blank questions.
What is typed for one appointment stays with that appointment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_update_need
from reclaim.cases.models import ImmediateNeed
from reclaim.people.actions import do_update_survivor_identity
from reclaim.scheduling.models import Appointment
from reclaim.scheduling.tests.conftest import soon

pytestmark = pytest.mark.django_db


def _speaks(case, personas, language):
    survivor = case.survivor
    do_update_survivor_identity(
        actor=personas["case_manager"],
        survivor=survivor,
        expected_version=survivor.version,
        changes={"preferred_language": language},
    )


def _interpreter(case, personas, status):
    need = ImmediateNeed.objects.get(case=case, need="interpreter")
    do_update_need(
        actor=personas["case_manager"], need=need, expected_version=need.version, status=status, urgent=False
    )


def _booking_form(client, case):
    return client.get(reverse("scheduling:case_appointments", args=[case.pk])).context["form"]


def test_a_new_appointment_starts_from_the_recorded_interpreter_need_and_language(case, personas):
    _speaks(case, personas, "spa")
    _interpreter(case, personas, "in_progress")
    client = login_client(personas["case_manager"])
    form = _booking_form(client, case)
    # the interpreter question is already answered from the checklist, and the language from the person
    assert form["interpreter_needed"].value() is True
    assert form["interpreter_language"].value() == "spa"
    html = client.get(reverse("scheduling:case_appointments", args=[case.pk])).content.decode()
    assert 'name="interpreter_language" value="spa"' in html
    assert "For this appointment only." in html


def test_nothing_is_presumed_before_anyone_has_said(case, personas):
    # the checklist row as intake created it says nothing either way: the question stays open
    _speaks(case, personas, "spa")
    form = _booking_form(login_client(personas["case_manager"]), case)
    assert form["interpreter_needed"].value() is False
    assert form["interpreter_language"].value() == ""


def test_no_interpreter_when_the_checklist_says_not_needed(case, personas):
    _speaks(case, personas, "spa")
    _interpreter(case, personas, "not_needed")
    form = _booking_form(login_client(personas["case_manager"]), case)
    assert form["interpreter_needed"].value() is False
    assert form["interpreter_language"].value() == ""


def test_a_change_on_the_checklist_reaches_the_next_appointment_and_one_appointments_answer_stays_there(case, personas):
    _speaks(case, personas, "spa")
    client = login_client(personas["case_manager"])
    # when the interpreter need is recorded in its one place, the needs checklist
    need = ImmediateNeed.objects.get(case=case, need="interpreter")
    response = client.post(
        reverse("cases:need_update", args=[case.pk, need.pk]),
        {"interpreter-status": "in_progress", "interpreter-version": need.version},
    )
    assert response.status_code == 302
    # then the next booking form starts from it
    assert _booking_form(client, case)["interpreter_needed"].value() is True
    # and an appointment booked with another interpreter language keeps that for itself only
    starts = soon()
    booked = client.post(
        reverse("scheduling:case_appointments", args=[case.pk]),
        {
            "on": starts.date().isoformat(),
            "starts": starts.strftime("%H:%M"),
            "ends": (starts + timedelta(hours=1)).strftime("%H:%M"),
            "attendees": [str(personas["case_manager"].pk)],
            "mode": "in_person",
            "interpreter_needed": "on",
            "interpreter_language": "Quechua",
        },
    )
    assert booked.status_code == 302
    assert Appointment.objects.get(case=case).interpreter_language == "Quechua"
    case.survivor.refresh_from_db()
    assert case.survivor.preferred_language == "spa"
    assert _booking_form(client, case)["interpreter_language"].value() == "spa"
