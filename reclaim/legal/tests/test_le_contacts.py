"""The law-enforcement contact log: a disclosure names a consent live on the contact's date or nothing is
saved; the officer, request and notes reach only the legal team; corrections keep versions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.cases.models import CaseEvent, EventType
from reclaim.consent.actions import do_revoke_consent
from reclaim.core.errors import DomainError
from reclaim.legal.actions import LEContactInput, do_record_le_contact, do_update_le_contact
from reclaim.legal.models import LawEnforcementContact, LegalAccessGrant
from reclaim.legal.tests.le_support import TODAY, le_consent

pytestmark = pytest.mark.django_db

SECRET_OFFICER = "Detective Ravensworth"
SECRET_REQUEST = "Asked her to identify the Glasswick recruiter"
SECRET_NOTES = "She was shaking; stopped after ten minutes"


def _input(**overrides) -> LEContactInput:
    values = {
        "occurred_on": TODAY - datetime.timedelta(days=3),
        "kind": "interview",
        "response": "unable_trauma",
        "agency_name": "Metro Police",
        "officer_name": SECRET_OFFICER,
        "request": SECRET_REQUEST,
        "notes": SECRET_NOTES,
    }
    return LEContactInput(**(values | overrides))


def _nothing_saved(case) -> bool:
    return (
        not LawEnforcementContact.objects.exists()
        and not CaseEvent.objects.filter(case=case, type=EventType.LAW_ENFORCEMENT_CONTACT).exists()
    )


def test_a_disclosure_without_a_consent_is_refused_and_nothing_is_saved(personas, case):
    with pytest.raises(DomainError) as refused:
        do_record_le_contact(actor=personas["case_manager"], case=case, data=_input(information_disclosed=True))
    assert refused.value.code == "legal.consent_required"
    assert "consent" in refused.value.fields
    assert _nothing_saved(case)


def test_a_consent_expired_on_the_contact_date_is_refused_but_one_live_then_is_accepted(personas, case):
    worker = personas["case_manager"]
    old = le_consent(
        worker, case, starts_on=TODAY - datetime.timedelta(days=400), expires_on=TODAY - datetime.timedelta(days=100)
    )
    with pytest.raises(DomainError) as refused:
        do_record_le_contact(actor=worker, case=case, data=_input(information_disclosed=True, consent_id=old.pk))
    assert refused.value.code == "legal.consent_not_live"
    assert _nothing_saved(case)
    # the same consent allowed a disclosure made while it was in force
    then = TODAY - datetime.timedelta(days=200)
    contact = do_record_le_contact(
        actor=worker, case=case, data=_input(occurred_on=then, information_disclosed=True, consent_id=old.pk)
    )
    assert contact.consent_id == old.pk


def test_a_revoked_consent_is_refused(personas, case):
    worker = personas["case_manager"]
    consent = le_consent(worker, case)
    do_revoke_consent(actor=worker, consent=consent, by_whom="survivor", how="in_person", expected_version=1)
    with pytest.raises(DomainError) as refused:
        do_record_le_contact(actor=worker, case=case, data=_input(information_disclosed=True, consent_id=consent.pk))
    assert refused.value.code == "legal.consent_not_live"
    assert _nothing_saved(case)


def test_a_consent_for_another_purpose_or_person_is_refused(personas, case, other_case):
    worker = personas["case_manager"]
    sharing = le_consent(worker, case, purpose="information_sharing")
    theirs = le_consent(personas["other_agency_user"], other_case)
    for consent in (sharing, theirs):
        with pytest.raises(DomainError) as refused:
            do_record_le_contact(
                actor=worker, case=case, data=_input(information_disclosed=True, consent_id=consent.pk)
            )
        assert refused.value.code == "legal.consent_invalid"
    assert _nothing_saved(case)


def test_a_live_consent_is_named_and_the_timeline_holds_ids_only(personas, case, t_visa):
    consent = le_consent(personas["case_manager"], case)
    contact = do_record_le_contact(
        actor=personas["case_manager"],
        case=case,
        data=_input(information_disclosed=True, consent_id=consent.pk, matter_id=t_visa.pk),
    )
    assert (contact.consent_id, contact.matter_id, contact.information_disclosed) == (consent.pk, t_visa.pk, True)
    event = CaseEvent.objects.get(case=case, type=EventType.LAW_ENFORCEMENT_CONTACT)
    assert event.parameters == {
        "contact_id": str(contact.pk),
        "kind": "interview",
        "disclosed": True,
        "consent_id": str(consent.pk),
    }
    assert SECRET_OFFICER not in str(event.parameters)


def test_a_matter_of_another_case_and_a_future_date_are_refused(personas, case, other_case):
    from reclaim.legal.actions import do_open_matter
    from reclaim.legal.tests.conftest import shipped

    theirs = do_open_matter(
        actor=personas["other_agency_user"], case=other_case, matter_type=shipped("u_visa"), opened_on=TODAY
    )
    with pytest.raises(DomainError) as refused:
        do_record_le_contact(
            actor=personas["case_manager"],
            case=case,
            data=_input(matter_id=theirs.pk, occurred_on=TODAY + datetime.timedelta(days=1)),
        )
    assert set(refused.value.fields) == {"matter", "occurred_on"}
    assert _nothing_saved(case)


# --- pages ---------------------------------------------------------------------------------------------------


def _form_data(**overrides) -> dict[str, str]:
    data = {
        "occurred_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "kind": "request_for_assistance",
        "response": "complied",
        "agency_name": "Metro Police",
        "officer_name": SECRET_OFFICER,
        "request": SECRET_REQUEST,
        "notes": SECRET_NOTES,
        "information_disclosed": "on",
    }
    return data | overrides


def test_the_form_refuses_a_disclosure_without_consent_and_links_to_recording_one(personas, case):
    client = login_client(personas["case_manager"])
    url = reverse("legal:le_contact_add", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("consent:add", args=[case.pk]) in page.content.decode()
    assert "reasonable requests" in page.content.decode()  # the T-visa explanation
    response = client.post(url, _form_data())
    assert response.status_code == 200
    assert "Choose a consent to share with police or prosecutors" in response.content.decode()
    assert _nothing_saved(case)


def test_the_form_saves_with_a_live_consent_offered_in_it(personas, case):
    consent = le_consent(personas["case_manager"], case)
    client = login_client(personas["case_manager"])
    url = reverse("legal:le_contact_add", args=[case.pk])
    page = client.get(url).content.decode()
    assert str(consent.pk) in page
    assert reverse("consent:add", args=[case.pk]) not in page
    response = client.post(url, _form_data(consent=str(consent.pk)))
    assert response.status_code == 302
    contact = LawEnforcementContact.objects.get()
    assert (contact.consent_id, contact.request, contact.kind) == (consent.pk, SECRET_REQUEST, "request_for_assistance")


def test_privileged_text_is_hidden_from_the_case_manager_and_shown_to_the_legal_team(personas, case):
    consent = le_consent(personas["case_manager"], case)
    do_record_le_contact(
        actor=personas["legal_advocate"], case=case, data=_input(information_disclosed=True, consent_id=consent.pk)
    )
    url = reverse("legal:le_contacts", args=[case.pk])
    seen = login_client(personas["case_manager"]).get(url).content.decode()
    assert "Unable because of trauma" in seen and "Metro Police" in seen  # the list itself is there
    assert [s for s in (SECRET_OFFICER, SECRET_REQUEST, SECRET_NOTES) if s in seen] == []
    legal = login_client(personas["legal_advocate"]).get(url).content.decode()
    assert all(s in legal for s in (SECRET_OFFICER, SECRET_REQUEST, SECRET_NOTES))
    # a grant from the legal team opens it to the case manager
    LegalAccessGrant.objects.create(
        agency=case.agency,
        case=case,
        user=personas["case_manager"],
        reason="Court prep",
        granted_by=personas["legal_advocate"],
    )
    assert SECRET_REQUEST in login_client(personas["case_manager"]).get(url).content.decode()


def test_the_list_read_is_audited_with_whether_privileged_text_was_shown(personas, case):
    from reclaim.core.models import AuditEvent

    login_client(personas["case_manager"]).get(reverse("legal:le_contacts", args=[case.pk]))
    row = AuditEvent.objects.filter(action="law_enforcement_contact.list_read").get()
    assert (row.object_id, row.detail) == (str(case.pk), {"privileged": False})


def test_other_agencies_get_404(personas, case):
    contact = do_record_le_contact(actor=personas["case_manager"], case=case, data=_input())
    client = login_client(personas["other_agency_user"])
    assert client.get(reverse("legal:le_contacts", args=[case.pk])).status_code == 404
    assert client.get(reverse("legal:le_contact_edit", args=[case.pk, contact.pk])).status_code == 404


def test_a_contact_of_another_case_is_404_through_this_case(personas, case, survivor_a):
    from reclaim.cases.actions import do_open_case

    second = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    contact = do_record_le_contact(actor=personas["case_manager"], case=second, data=_input())
    client = login_client(personas["case_manager"])
    assert client.get(reverse("legal:le_contact_edit", args=[case.pk, contact.pk])).status_code == 404


def test_the_case_manager_corrects_a_contact_without_seeing_or_losing_privileged_text(personas, case):
    contact = do_record_le_contact(actor=personas["legal_advocate"], case=case, data=_input())
    client = login_client(personas["case_manager"])
    url = reverse("legal:le_contact_edit", args=[case.pk, contact.pk])
    page = client.get(url).content.decode()
    assert [s for s in (SECRET_OFFICER, SECRET_REQUEST, SECRET_NOTES) if s in page] == []
    data = {
        "version": "1",
        "occurred_on": contact.occurred_on.isoformat(),
        "kind": "interview",
        "response": "partly",
        "agency_name": "Metro Police",
    }
    assert client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert (contact.response, contact.version, contact.request, contact.notes) == (
        "partly",
        2,
        SECRET_REQUEST,
        SECRET_NOTES,
    )
    # a stale save shows the conflict, without the privileged text, and changes nothing
    stale = client.post(url, data | {"response": "declined"})
    body = stale.content.decode()
    assert "Someone else changed this contact" in body and "Helped in part" in body
    assert SECRET_NOTES not in body
    contact.refresh_from_db()
    assert (contact.response, contact.version) == ("partly", 2)


def test_the_case_manager_cannot_change_privileged_text_through_the_action(personas, case):
    from django.core.exceptions import PermissionDenied

    contact = do_record_le_contact(actor=personas["legal_advocate"], case=case, data=_input())
    with pytest.raises(PermissionDenied):
        do_update_le_contact(
            actor=personas["case_manager"],
            contact=contact,
            data=_input(notes="overwritten"),
            expected_version=1,
            privileged=False,
        )
    contact.refresh_from_db()
    assert contact.notes == SECRET_NOTES


def test_a_consent_revoked_later_does_not_block_correcting_the_notes(personas, case):
    advocate = personas["legal_advocate"]
    consent = le_consent(personas["case_manager"], case)
    contact = do_record_le_contact(
        actor=advocate, case=case, data=_input(information_disclosed=True, consent_id=consent.pk)
    )
    do_revoke_consent(
        actor=personas["case_manager"], consent=consent, by_whom="survivor", how="phone", expected_version=1
    )
    contact = do_update_le_contact(
        actor=advocate,
        contact=contact,
        data=_input(information_disclosed=True, consent_id=consent.pk, notes="Follow-up call booked"),
        expected_version=1,
        privileged=True,
    )
    assert (contact.notes, contact.consent_id, contact.version) == ("Follow-up call booked", consent.pk, 2)
    # but moving the disclosure to another date re-checks the consent, which is taken back now
    with pytest.raises(DomainError):
        do_update_le_contact(
            actor=advocate,
            contact=contact,
            data=_input(information_disclosed=True, consent_id=consent.pk, occurred_on=TODAY),
            expected_version=2,
            privileged=True,
        )


def test_the_program_director_reads_the_list_but_may_not_add(personas, case):
    client = login_client(personas["program_director"])
    assert client.get(reverse("legal:le_contacts", args=[case.pk])).status_code == 200
    assert client.get(reverse("legal:le_contact_add", args=[case.pk])).status_code == 403


def test_the_list_runs_a_constant_number_of_queries(personas, case, t_visa, assert_max_queries):
    consent = le_consent(personas["case_manager"], case)
    client = login_client(personas["legal_advocate"])
    url = reverse("legal:le_contacts", args=[case.pk])
    do_record_le_contact(
        actor=personas["legal_advocate"],
        case=case,
        data=_input(information_disclosed=True, consent_id=consent.pk, matter_id=t_visa.pk),
    )
    client.get(url)
    with assert_max_queries(60) as one:
        client.get(url)
    for _ in range(5):
        do_record_le_contact(
            actor=personas["legal_advocate"],
            case=case,
            data=_input(information_disclosed=True, consent_id=consent.pk, matter_id=t_visa.pk),
        )
    with assert_max_queries(60) as six:
        client.get(url)
    assert len(six.captured_queries) == len(one.captured_queries)
