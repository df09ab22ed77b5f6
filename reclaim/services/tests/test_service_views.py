"""The case's Services tab: quick entry, filters and totals, correcting and voiding, who reads the notes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.models import CaseEvent, EventType
from reclaim.services.actions import ServiceEntry, do_record_service
from reclaim.services.models import ServiceRecord

pytestmark = pytest.mark.django_db


def tab(case):
    return reverse("services:case_services", args=[case.pk])


def test_quick_entry_on_the_tab_records_a_service_with_defaults(personas, case):
    # given the case manager on the Services tab
    client = login_client(personas["case_manager"])
    page = client.get(tab(case))
    assert page.status_code == 200
    assert page.context["form"].initial["delivered_on"] == timezone.localdate()
    # when they save a service with only the required fields and the defaults
    response = client.post(
        reverse("services:case_service_add", args=[case.pk]),
        {
            "service_type": "psychological_support.counselling",
            "delivered_on": timezone.localdate().isoformat(),
            "duration_minutes": "45",
            "provision": "direct",
            "provider": str(personas["case_manager"].pk),
            "mode": "in_person",
            "notes_confidentiality": "general",
        },
    )
    # then it is saved, with a timeline event, and shown on the tab
    assert response.status_code == 302
    record = ServiceRecord.objects.get(case=case)
    assert (record.provider, record.mode, record.duration_minutes) == (personas["case_manager"], "in_person", 45)
    assert CaseEvent.objects.filter(case=case, type=EventType.SERVICE_RECORDED).count() == 1
    assert "Counselling" in client.get(tab(case)).content.decode()


def test_every_field_of_the_tab_form_is_saved(personas, case):
    from reclaim.plans.actions import GoalData, do_create_plan

    plan = do_create_plan(actor=personas["case_manager"], case=case, goals=[GoalData(staff_wording="Learn English")])
    goal = plan.goals.get()
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("services:case_service_add", args=[case.pk]),
        {
            "service_type": "education.esl",
            "delivered_on": timezone.localdate().isoformat(),
            "duration_minutes": "30",
            "provision": "referred",
            "provider": "",
            "provider_organisation": "City adult school",
            "mode": "phone",
            "location": "Room 4",
            "goal": str(goal.pk),
            "outcome": "partial",
            "notes": "Missed the second half.",
            "notes_confidentiality": "general",
        },
    )
    assert response.status_code == 302
    record = ServiceRecord.objects.get(case=case)
    assert (record.goal, record.provision, record.provider, record.mode, record.outcome) == (
        goal,
        "referred",
        None,
        "phone",
        "partial",
    )
    assert (record.provider_organisation, record.location, record.notes) == (
        "City adult school",
        "Room 4",
        "Missed the second half.",
    )


def test_the_overview_offers_the_compact_quick_entry(personas, case):
    client = login_client(personas["case_manager"])
    # given the case overview
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'name="form" value="quick"' in page
    # when the compact form is sent
    response = client.post(
        reverse("services:case_service_add", args=[case.pk]),
        {"form": "quick", "service_type": "case_management.tracking", "delivered_on": timezone.localdate().isoformat()},
    )
    # then the service is saved with me as provider, in person
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("cases:detail", args=[case.pk]))
    record = ServiceRecord.objects.get(case=case)
    assert (record.provider, record.mode) == (personas["case_manager"], "in_person")


def test_the_overview_has_no_entry_form_for_a_reader_who_may_not_edit(personas, case):
    page = login_client(personas["program_director"]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'name="form" value="quick"' not in page


def test_a_bad_quick_entry_keeps_what_was_typed_and_saves_nothing(personas, case):
    client = login_client(personas["case_manager"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("services:case_service_add", args=[case.pk]),
        {
            "form": "quick",
            "service_type": "education.esl",
            "delivered_on": tomorrow.isoformat(),
            "notes": "Keep this text",
        },
    )
    assert response.status_code == 200
    assert "delivered_on" in response.context["form"].errors
    assert "Keep this text" in response.content.decode()
    assert 'data-warn-unsaved="kept"' in response.content.decode()  # leaving the page asks first
    assert not ServiceRecord.objects.exists()


def test_filters_and_totals(personas, case):
    manager = personas["case_manager"]
    today = timezone.localdate()
    do_record_service(actor=manager, case=case, entry=ServiceEntry("education.esl", today, duration_minutes=90))
    do_record_service(actor=manager, case=case, entry=ServiceEntry("education.ged_prep", today, duration_minutes=30))
    do_record_service(
        actor=manager,
        case=case,
        entry=ServiceEntry("childcare.care", today - datetime.timedelta(days=40), duration_minutes=120),
    )
    client = login_client(manager)
    # when filtered to education
    response = client.get(tab(case), {"category": "education"})
    # then only those, and their totals
    assert {r.category_code for r in response.context["page"].object_list} == {"education"}
    totals = {t.code: (t.count, t.hours) for t in response.context["totals"]}
    assert totals == {"education": (2, 2.0)}
    # a date range leaves the older one out
    response = client.get(tab(case), {"date_from": (today - datetime.timedelta(days=7)).isoformat()})
    assert len(response.context["page"].object_list) == 2


def test_correct_with_a_stale_version_shows_the_conflict_and_keeps_the_input(personas, case, record):
    client = login_client(personas["case_manager"])
    url = reverse("services:service_correct", args=[case.pk, record.pk])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["delivered_on"] = record.delivered_on.isoformat()
    # given someone else corrected the record meanwhile
    client.post(url, {**data, "duration_minutes": "75"})
    record.refresh_from_db()
    assert (record.duration_minutes, record.version) == (75, 2)
    # when the first form (version 1) is saved
    response = client.post(url, {**data, "duration_minutes": "20", "version": "1"})
    # then nothing is overwritten; the conflict shows the saved value and keeps the typed one
    assert response.status_code == 200
    assert response.context["conflict"] is True
    record.refresh_from_db()
    assert record.duration_minutes == 75
    assert response.context["form"].data["duration_minutes"] == "20"
    assert CaseEvent.objects.filter(case=case, type=EventType.SERVICE_CORRECTED).count() == 1


def test_void_needs_a_reason_then_strikes_the_record_through(personas, case, record):
    client = login_client(personas["case_manager"])
    url = reverse("services:service_void", args=[case.pk, record.pk])
    response = client.post(url, {"version": record.version, "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    response = client.post(url, {"version": record.version, "reason": "Entered on the wrong case"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_void and record.void_reason == "Entered on the wrong case"
    assert CaseEvent.objects.filter(case=case, type=EventType.SERVICE_VOIDED).count() == 1
    # the editor sees the reason; a director who only reads sees the struck record without it
    page = client.get(tab(case)).content.decode()
    assert "Entered on the wrong case" in page and "<del>" in page
    director = login_client(personas["program_director"]).get(tab(case)).content.decode()
    assert "<del>" in director and "Entered on the wrong case" not in director
    # and it is out of the totals
    assert client.get(tab(case)).context["totals"] == []


def test_clinical_notes_are_hidden_from_the_case_manager(personas, case):
    do_record_service(
        actor=personas["clinician"],
        case=case,
        entry=ServiceEntry(
            "psychological_support.cbt",
            timezone.localdate(),
            notes="Flashbacks at night, exposure work started",
            notes_confidentiality="clinical",
        ),
    )
    clinician = login_client(personas["clinician"]).get(tab(case)).content.decode()
    manager = login_client(personas["case_manager"]).get(tab(case)).content.decode()
    assert "Flashbacks at night" in clinician
    assert "Flashbacks at night" not in manager
    assert "Cognitive behavioural therapy" in manager


def test_a_case_manager_correcting_a_clinical_record_keeps_its_notes(personas, case):
    record = do_record_service(
        actor=personas["clinician"],
        case=case,
        entry=ServiceEntry(
            "psychological_support.cbt", timezone.localdate(), notes="Private", notes_confidentiality="clinical"
        ),
    )
    client = login_client(personas["case_manager"])
    url = reverse("services:service_correct", args=[case.pk, record.pk])
    page = client.get(url)
    assert "Private" not in page.content.decode()
    data = {
        k: ("" if v is None else v) for k, v in page.context["form"].initial.items() if k in page.context["form"].fields
    }
    data["delivered_on"] = record.delivered_on.isoformat()
    response = client.post(url, {**data, "duration_minutes": "50"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.notes, record.notes_confidentiality, record.duration_minutes) == ("Private", "clinical", 50)


@pytest.mark.parametrize("persona", ["volunteer", "outreach_coordinator"])
def test_roles_without_case_files_get_403_on_the_log_and_404_on_the_tab(personas, case, persona):
    client = login_client(personas[persona])
    assert client.get(tab(case)).status_code == 404
    assert client.get(reverse("services:log")).status_code == 403
    assert client.get(reverse("services:day")).status_code == 403


def test_another_agency_gets_404(personas, case, record):
    client = login_client(personas["other_agency_user"])
    assert client.get(tab(case)).status_code == 404
    assert client.get(reverse("services:service_correct", args=[case.pk, record.pk])).status_code == 404


def test_the_tab_costs_a_constant_number_of_queries(personas, case, assert_max_queries):
    manager = personas["case_manager"]
    today = timezone.localdate()
    for index in range(30):
        do_record_service(
            actor=manager,
            case=case,
            entry=ServiceEntry("education.esl", today - datetime.timedelta(days=index), duration_minutes=30, notes="n"),
        )
    client = login_client(manager)
    client.get(tab(case))  # warm caches (session, keys)
    with assert_max_queries(30):
        response = client.get(tab(case))
    assert len(response.context["page"].object_list) == 30
