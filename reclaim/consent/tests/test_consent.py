"""Consent records: recording with every rule on the server, what "live" means, revocation, the task list,
the survivor's summary, and the API."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseEvent, EventType
from reclaim.cases.tasklist import tasks_for
from reclaim.consent.actions import ConsentInput, do_record_consent, do_revoke_consent
from reclaim.consent.models import ConsentRecord, InformedOf
from reclaim.consent.selectors import covered_classes, has_contact_consent, uncovered_classes
from reclaim.core.errors import DomainError, EditConflict
from reclaim.services.actions import ServiceEntry, do_record_service

pytestmark = pytest.mark.django_db

ALL_INFORMED = list(InformedOf.values)


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


def sharing(other_agency, **overrides) -> ConsentInput:
    values = {
        "purpose": "service_referral",
        "method": "signature",
        "signature": "Marisol R.",
        "signer_name": "Marisol",
        "recipient_kind": "agency",
        "recipient_agency_id": other_agency.pk,
        "data_classes": ["identity", "contact"],
        "informed_of": ALL_INFORMED,
        "expires_on": timezone.localdate() + datetime.timedelta(days=365),
    }
    values.update(overrides)
    return ConsentInput(**values)


def test_a_live_consent_covers_its_classes_for_its_recipient_only(personas, case, other_agency, agency):
    survivor = case.survivor
    do_record_consent(actor=personas["case_manager"], survivor=survivor, case=case, data=sharing(other_agency))
    purpose = "service_referral"
    assert covered_classes(survivor.pk, purpose, recipient_agency_id=other_agency.pk) == {"identity", "contact"}
    assert uncovered_classes(survivor.pk, purpose, ["identity", "clinical"], recipient_agency_id=other_agency.pk) == [
        "clinical"
    ]
    # not for another purpose, and not for an agency it does not name
    assert covered_classes(survivor.pk, "research", recipient_agency_id=other_agency.pk) == set()
    assert covered_classes(survivor.pk, purpose, recipient_agency_id=agency.pk) == set()
    event = CaseEvent.objects.get(case=case, type=EventType.CONSENT_RECORDED)
    assert event.parameters["purpose"] == purpose
    assert "Marisol" not in str(event.parameters)


def test_an_expired_or_revoked_consent_covers_nothing(personas, case, other_agency):
    survivor = case.survivor
    consent = do_record_consent(
        actor=personas["case_manager"],
        survivor=survivor,
        case=case,
        data=sharing(other_agency, expires_on=timezone.localdate() + datetime.timedelta(days=10)),
    )
    later = timezone.localdate() + datetime.timedelta(days=11)
    assert covered_classes(survivor.pk, "service_referral", recipient_agency_id=other_agency.pk, on=later) == set()
    do_revoke_consent(
        actor=personas["case_manager"], consent=consent, by_whom="survivor", how="phone", expected_version=1
    )
    assert covered_classes(survivor.pk, "service_referral", recipient_agency_id=other_agency.pk) == set()
    with pytest.raises(DomainError):
        do_revoke_consent(
            actor=personas["case_manager"], consent=consent, by_whom="survivor", how="phone", expected_version=2
        )
    with pytest.raises(EditConflict):
        do_revoke_consent(
            actor=personas["case_manager"], consent=consent, by_whom="survivor", how="phone", expected_version=1
        )
    assert CaseEvent.objects.filter(case=case, type=EventType.CONSENT_REVOKED).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"informed_of": ["purpose"]}, "informed_of"),
        ({"expires_on": None}, "expires_on"),
        ({"expires_on": timezone.localdate() + datetime.timedelta(days=365 * 4)}, "expires_on"),
        ({"data_classes": []}, "data_classes"),
        ({"method": "verbal", "witness_name": ""}, "witness_name"),
        ({"method": "uploaded_form"}, "document"),
        ({"signature": ""}, "signature"),
        ({"recipient_kind": "any", "purpose": "law_enforcement_disclosure"}, "recipient_kind"),
        ({"recipient_kind": "organisation", "recipient_agency_id": None}, "recipient_name"),
    ],
)
def test_bad_consents_are_refused_and_nothing_is_saved(personas, case, other_agency, overrides, field):
    with pytest.raises(DomainError) as raised:
        do_record_consent(
            actor=personas["case_manager"], survivor=case.survivor, case=case, data=sharing(other_agency, **overrides)
        )
    assert field in raised.value.fields
    assert not ConsentRecord.objects.exists()


def test_the_own_agency_is_not_a_recipient(personas, case, agency):
    with pytest.raises(DomainError) as raised:
        do_record_consent(actor=personas["case_manager"], survivor=case.survivor, case=case, data=sharing(agency))
    assert "recipient_agency" in raised.value.fields


def test_for_a_minor_a_guardian_gives_consent_and_the_young_person_signs_too(personas, case, other_agency):
    case.is_minor = True
    case.save(update_fields=["is_minor"])
    with pytest.raises(DomainError) as raised:
        do_record_consent(actor=personas["case_manager"], survivor=case.survivor, case=case, data=sharing(other_agency))
    assert set(raised.value.fields) >= {"given_by", "second_signer_name"}
    consent = do_record_consent(
        actor=personas["case_manager"],
        survivor=case.survivor,
        case=case,
        data=sharing(other_agency, given_by="guardian", second_signer_name="Lina"),
    )
    assert consent.given_by == "guardian"


def test_a_contact_consent_names_channels_and_our_agency(personas, case):
    survivor = case.survivor
    do_record_consent(
        actor=personas["case_manager"],
        survivor=survivor,
        case=case,
        data=ConsentInput(
            purpose="follow_up_contact",
            method="verbal",
            witness_name="Dana",
            signer_name="Marisol",
            channels=["sms", "phone"],
            informed_of=ALL_INFORMED,
            expires_on=timezone.localdate() + datetime.timedelta(days=200),
        ),
    )
    assert has_contact_consent(survivor, "follow_up_contact", "sms")
    assert not has_contact_consent(survivor, "follow_up_contact", "email")
    assert not has_contact_consent(survivor, "contact_channel", "sms")


def test_services_never_wait_for_a_consent(personas, case):
    record = do_record_service(
        actor=personas["case_manager"], case=case, entry=ServiceEntry("basic_necessities.food", timezone.localdate())
    )
    assert record.pk and not ConsentRecord.objects.exists()


def test_a_consent_ending_within_30_days_is_on_the_task_list_with_a_renew_link(personas, case, other_agency):
    consent = do_record_consent(
        actor=personas["case_manager"],
        survivor=case.survivor,
        case=case,
        data=sharing(other_agency, expires_on=timezone.localdate() + datetime.timedelta(days=60)),
    )
    today = timezone.localdate()
    assert [i for i in tasks_for(personas["case_manager"], today) if i.source == "consent_expiring"] == []
    soon = today + datetime.timedelta(days=35)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=35)):
        items = [i for i in tasks_for(personas["case_manager"], soon) if i.source == "consent_expiring"]
        assert len(items) == 1 and items[0].due == consent.expires_on
        response = login_client(personas["case_manager"]).get(items[0].url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["purpose"] == "service_referral"
    assert form.initial["starts_on"] == consent.expires_on
    assert tasks_for(personas["volunteer"], soon) == []


def _form_data(other_agency, **overrides):
    data = {
        "purpose": "service_referral",
        "recipient_kind": "agency",
        "recipient_agency": str(other_agency.pk),
        "data_classes": ["identity", "contact"],
        "starts_on": timezone.localdate().isoformat(),
        "expires_on": (timezone.localdate() + datetime.timedelta(days=365)).isoformat(),
        "informed_of": ALL_INFORMED,
        "given_by": "survivor",
        "signer_name": "Marisol",
        "method": "signature",
        "signature": "data:image/png;base64,iVBORw0KGgo=",
    }
    data.update(overrides)
    return data


def test_recording_in_the_case_file_then_the_summary_and_revoking(personas, case, other_agency):
    client = login_client(personas["case_manager"])
    response = client.post(reverse("consent:add", args=[case.pk]), _form_data(other_agency))
    consent = ConsentRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consent:detail", args=[case.pk, consent.pk])
    detail = client.get(response["Location"]).content.decode()
    assert other_agency.name in detail and 'src="data:image/png;base64,' in detail
    tab = client.get(reverse("consent:case", args=[case.pk])).content.decode()
    assert "In force" in tab
    summary = client.get(reverse("consent:summary", args=[case.pk, consent.pk])).content.decode()
    assert "You can take this back at any time" in summary
    assert "Name and identity" in summary
    response = client.post(
        reverse("consent:revoke", args=[case.pk, consent.pk]),
        {"version": 1, "by_whom": "survivor", "how": "in_person", "note": "Changed her mind"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revoked_by == personas["case_manager"]
    assert "Taken back" in client.get(reverse("consent:case", args=[case.pk])).content.decode()


def test_a_form_with_problems_keeps_the_answers_and_saves_nothing(personas, case, other_agency):
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("consent:add", args=[case.pk]),
        _form_data(other_agency, informed_of=["purpose"], signature="", typed_signature=""),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Consent is informed only when all of this was explained" in html
    assert "Ask them to sign, or type their name as a signature." in html
    assert 'value="Marisol"' in html
    assert not ConsentRecord.objects.exists()


def test_a_typed_signature_works_without_javascript(personas, case, other_agency):
    client = login_client(personas["case_manager"])
    client.post(reverse("consent:add", args=[case.pk]), _form_data(other_agency, signature="", typed_signature="M R"))
    assert ConsentRecord.objects.get().signature == "M R"


def test_the_api_records_lists_and_revokes(personas, case, other_agency, survivor_b):
    client = login_client(personas["case_manager"])
    body = {
        "survivor_id": str(case.survivor_id),
        "case_id": str(case.pk),
        "purpose": "information_sharing",
        "method": "signature",
        "signature": "M R",
        "signer_name": "Marisol",
        "recipient_kind": "agency",
        "recipient_agency_id": str(other_agency.pk),
        "data_classes": ["identity"],
        "informed_of": ALL_INFORMED,
        "expires_on": str(timezone.localdate() + datetime.timedelta(days=90)),
    }
    created = client.post("/api/v1/consents", body, content_type="application/json")
    assert created.status_code == 201, created.content
    consent = created.json()
    assert consent["status"] == "live" and consent["data_classes"] == ["identity"]
    listed = client.get(f"/api/v1/survivors/{case.survivor_id}/consents").json()["items"]
    assert [row["id"] for row in listed] == [consent["id"]]
    # invalid input: 422 for the schema, 400 naming the fields for the rules
    assert client.post("/api/v1/consents", {**body, "purpose": "x"}, content_type="application/json").status_code == 422
    refused = client.post("/api/v1/consents", {**body, "informed_of": []}, content_type="application/json")
    assert refused.status_code == 400 and "informed_of" in refused.json()["fields"]
    revoked = client.post(
        f"/api/v1/consents/{consent['id']}/revoke",
        {"version": 1, "by_whom": "survivor", "how": "writing"},
        content_type="application/json",
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    # another agency's user sees nothing of it
    other = login_client(personas["other_agency_user"])
    assert other.get(f"/api/v1/survivors/{case.survivor_id}/consents").status_code == 404
    stale = client.post(
        f"/api/v1/consents/{consent['id']}/revoke",
        {"version": 1, "by_whom": "survivor", "how": "writing"},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_the_follow_up_tab_says_which_channels_they_agreed_to(personas, case):
    client = login_client(personas["case_manager"])
    url = reverse("cases:follow_up", args=[case.pk])
    assert "No follow-up contact consent is in force" in client.get(url).content.decode()
    do_record_consent(
        actor=personas["case_manager"],
        survivor=case.survivor,
        case=case,
        data=ConsentInput(
            purpose="follow_up_contact",
            method="verbal",
            witness_name="Dana",
            signer_name="Marisol",
            channels=["sms"],
            informed_of=ALL_INFORMED,
            expires_on=timezone.localdate() + datetime.timedelta(days=200),
        ),
    )
    html = client.get(url).content.decode()
    assert "They agreed to follow-up contact by: Text message" in html
