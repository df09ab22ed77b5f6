"""Consent first, minimum necessary (DOMAIN.md §7.3, §8): no consent → no packet; the packet holds only the
chosen, consented classes; revoked, expired or withdrawn → hidden from the recipient at once; the override
is a separate right, enforced on the server and audited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.models import CaseEvent, EventType
from reclaim.consent.actions import do_revoke_consent
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.referrals.actions import ConsentMissing, do_override_consent, do_send_referral, do_transition_referral
from reclaim.referrals.models import Referral
from reclaim.referrals.selectors import packet_available

from .conftest import SERVICE

pytestmark = pytest.mark.django_db
HIDDEN = "The packet is no longer available"


def _api_body(case, other_agency, classes, **extra):
    return {
        "case_id": str(case.pk),
        "to_agency_id": str(other_agency.pk),
        "service_category": SERVICE,
        "reason": "Needs trauma counselling in Spanish",
        "data_classes": classes,
        **extra,
    }


def test_no_consent_no_packet_action_refuses_and_saves_nothing(case_a, refer):
    # when a referral with identity and contact is sent without any consent
    with pytest.raises(ConsentMissing) as refused:
        refer(case_a, ["identity", "contact"])
    # then it is refused naming both classes, and nothing was saved
    assert refused.value.uncovered == ["identity", "contact"]
    assert not Referral.objects.exists()


def test_no_consent_api_gives_422_naming_the_classes_and_a_client_flag_cannot_bypass(
    client_as, case_a, other_agency, give_consent
):
    # given a consent to agency B that covers identity only
    give_consent(case_a, ["identity"])
    # when the API is asked to send identity and contact, with made-up override flags
    body = _api_body(case_a, other_agency, ["identity", "contact"], consent_override=True, override=True)
    response = client_as("case_manager").post("/api/v1/referrals", body, content_type="application/json")
    # then 422 names only the uncovered class, and nothing is saved
    assert response.status_code == 422
    assert response.json()["code"] == "referrals.consent_missing"
    assert response.json()["fields"] == {"data_classes": ["contact"]}
    assert not Referral.objects.exists()


def test_the_packet_holds_only_the_chosen_consented_classes(case_a, refer, give_consent):
    # given consent for identity and contact, but only identity chosen
    give_consent(case_a, ["identity", "contact"])
    referral = refer(case_a, ["identity"])
    packet = referral.packet
    # then the packet has the fixed part and identity, and nothing of contact
    assert packet["identity"]["name"] == "Marisol"
    assert packet["service_category"] == SERVICE
    assert packet["reason"] == "Needs counselling soon"
    assert "contact" not in packet
    dumped = json.dumps(packet)
    assert "4477" not in dumped  # the phone
    assert "Quintanilla" not in dumped  # the family name is never in a packet
    assert referral.status == "sent"


def test_the_recipient_sees_exactly_the_packet_then_loses_it_when_consent_is_revoked(
    personas, case_a, refer, give_consent
):
    consent = give_consent(case_a, ["identity"])
    referral = refer(case_a, ["identity"])
    url = reverse("referrals:incoming_detail", args=[referral.pk])
    b = login_client(personas["other_agency_user"])
    # when agency B reads the referral
    page = b.get(url).content.decode()
    # then it sees the name in use, and nothing else of the case (no case number, no family name)
    assert "Marisol" in page
    assert case_a.number not in page
    assert "Quintanilla" not in page
    assert AuditEvent.objects.filter(action="referral.read_as_recipient", object_id=str(referral.pk)).exists()
    # when the survivor takes the consent back
    do_revoke_consent(
        actor=personas["case_manager"], consent=consent, by_whom="survivor", how="phone", expected_version=1
    )
    # then at once the packet is hidden, but the status history stays
    page = b.get(url).content.decode()
    assert HIDDEN in page
    assert "Marisol" not in page
    assert "Status history" in page
    api = b.get(f"/api/v1/referrals/{referral.pk}").json()
    assert api["packet"] is None
    assert api["packet_available"] is False
    assert api["case_id"] is None
    assert api["reason"] is None


def test_an_expired_consent_hides_the_packet(personas, case_a, refer, give_consent):
    give_consent(case_a, ["identity"], days=10)
    referral = refer(case_a, ["identity"])
    assert packet_available(referral)
    with time_machine.travel(timezone.now() + timedelta(days=12)):
        assert not packet_available(referral)
        page = login_client(personas["other_agency_user"]).get(reverse("referrals:incoming_detail", args=[referral.pk]))
        assert HIDDEN in page.content.decode()


def test_a_withdrawn_referral_hides_the_packet(personas, case_a, refer, give_consent):
    give_consent(case_a, ["identity"])
    referral = refer(case_a, ["identity"])
    referral = do_transition_referral(
        actor=personas["case_manager"], referral=referral, to="withdrawn", expected_version=referral.version
    )
    page = login_client(personas["other_agency_user"]).get(reverse("referrals:incoming_detail", args=[referral.pk]))
    assert HIDDEN in page.content.decode()
    assert "Marisol" not in page.content.decode()


def test_override_without_the_capability_is_403_and_changes_nothing(personas, case_a, refer):
    draft = refer(case_a, ["identity"], send=False)
    # the API, as a case manager: 403
    response = login_client(personas["case_manager"]).post(
        f"/api/v1/referrals/{draft.pk}/override-consent",
        {"version": draft.version, "reason": "I think it is fine to share"},
        content_type="application/json",
    )
    assert response.status_code == 403
    # the page, as a case manager: 403
    response = login_client(personas["case_manager"]).post(
        reverse("referrals:override", args=[case_a.pk, draft.pk]),
        {"version": draft.version, "reason": "I think it is fine to share"},
    )
    assert response.status_code == 403
    # the action itself refuses too, whoever calls it
    with pytest.raises(PermissionDenied):
        do_override_consent(actor=personas["case_manager"], referral=draft, reason="x" * 20, expected_version=1)
    draft.refresh_from_db()
    assert draft.consent_override_classes == []
    assert AuditEvent.objects.filter(action="referral.override_denied", object_id=str(draft.pk)).count() == 2
    # and the draft still cannot be sent
    with pytest.raises(ConsentMissing):
        do_send_referral(actor=personas["case_manager"], referral=draft, expected_version=draft.version)


def test_override_with_the_capability_is_audited_and_lets_the_referral_go(personas, case_a, refer):
    draft = refer(case_a, ["identity", "needs"], send=False)
    # a reason is required
    with pytest.raises(DomainError) as refused:
        do_override_consent(actor=personas["supervisor"], referral=draft, reason=" ", expected_version=1)
    assert refused.value.code == "referrals.override_reason_required"
    # when the supervisor overrides through the API
    response = login_client(personas["supervisor"]).post(
        f"/api/v1/referrals/{draft.pk}/override-consent",
        {"version": draft.version, "reason": "Court order 2026/114 requires the referral"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["consent_override_classes"] == ["identity", "needs"]
    # then it is audited and on the timeline, with the classes but not the reason
    audit = AuditEvent.objects.get(action="referral.consent_overridden")
    assert audit.actor_id == personas["supervisor"].pk
    event = CaseEvent.objects.get(case=case_a, parameters__consent_override__isnull=False)
    assert "Court order" not in json.dumps(event.parameters)
    # and the case manager can now send it; the recipient sees it although no consent exists
    draft.refresh_from_db()
    sent = do_send_referral(actor=personas["case_manager"], referral=draft, expected_version=draft.version)
    assert sent.status == "sent"
    assert packet_available(sent)


def test_a_stale_version_gives_409(personas, case_a, refer):
    referral = refer(case_a, [])
    response = login_client(personas["other_agency_user"]).post(
        f"/api/v1/referrals/{referral.pk}/transitions",
        {"version": referral.version - 1, "to": "received"},
        content_type="application/json",
    )
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_a_non_participant_agency_gets_404(personas, case_a, refer, agency):
    from reclaim.accounts.actions import do_add_member, do_create_agency

    third = do_create_agency(actor=None, name="Agency C", slug="agency-c", org_type="NGO")
    stranger = do_add_member(
        actor=None, agency=third, email="cm@c.example", display_name="C", role="case_manager", password="x" * 20
    ).user
    referral = refer(case_a, [])
    client = login_client(stranger)
    assert client.get(f"/api/v1/referrals/{referral.pk}").status_code == 404
    assert client.get(reverse("referrals:incoming_detail", args=[referral.pk])).status_code == 404
    body = {"version": referral.version, "to": "received"}
    response = client.post(f"/api/v1/referrals/{referral.pk}/transitions", body, content_type="application/json")
    assert response.status_code == 404
    assert client.get("/api/v1/referrals?direction=incoming").json()["items"] == []


def test_the_periodic_job_notes_a_hidden_packet_once_on_the_senders_timeline(personas, case_a, refer, give_consent):
    from reclaim.referrals.actions import mark_hidden_packets

    consent = give_consent(case_a, ["identity"])
    referral = refer(case_a, ["identity"])
    refer(case_a, [])  # a referral without data classes never hides
    assert mark_hidden_packets() == 0
    do_revoke_consent(
        actor=personas["case_manager"], consent=consent, by_whom="survivor", how="in_person", expected_version=1
    )
    assert mark_hidden_packets() == 1
    assert mark_hidden_packets() == 0
    event = CaseEvent.objects.get(case=case_a, type=EventType.REFERRAL_PACKET_HIDDEN)
    assert event.parameters == {"referral_id": str(referral.pk)}


def test_withdrawing_does_not_count_as_an_acknowledgement(personas, case_a, refer):
    referral = refer(case_a, [])
    referral = do_transition_referral(
        actor=personas["case_manager"], referral=referral, to="withdrawn", expected_version=referral.version
    )
    assert referral.acknowledged_at is None
    assert referral.closed_at is not None
