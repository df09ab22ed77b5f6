"""The closed loop end to end: the sender's form and tab, the recipient's inbox and moves, accepting with a
linked case that holds only consented identity, external referrals tracked by hand with a printable packet,
and the outcome fed back to the referrer."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.models import CaseEvent, EventType
from reclaim.cases.tasklist import tasks_for
from reclaim.people.actions import do_create_survivor
from reclaim.referrals.actions import NewCase, do_mark_outcome_seen, do_transition_referral
from reclaim.referrals.models import Organization, Referral, ReferralTransition

from .conftest import SERVICE

pytestmark = pytest.mark.django_db


def _move(actor, referral, to, **kwargs):
    referral.refresh_from_db()
    return do_transition_referral(actor=actor, referral=referral, to=to, expected_version=referral.version, **kwargs)


def test_the_sender_refers_from_the_case_tab(personas, case_a, other_agency, give_consent):
    give_consent(case_a, ["identity", "contact"])
    client = login_client(personas["case_manager"])
    # the tab and the form load
    assert client.get(reverse("referrals:case_referrals", args=[case_a.pk])).status_code == 200
    assert client.get(reverse("referrals:create", args=[case_a.pk])).status_code == 200
    # when the form is sent with identity and contact
    response = client.post(
        reverse("referrals:create", args=[case_a.pk]),
        {
            "recipient": f"agency:{other_agency.pk}",
            "service_category": SERVICE,
            "urgency": "soon",
            "reason": "Counselling in Spanish",
            "data_classes": ["identity", "contact"],
            "action": "send",
        },
    )
    # then it is sent and listed on the tab
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.status == "sent"
    assert referral.packet["contact"]["phone"] == "+1 555 010 4477"
    tab = client.get(reverse("referrals:case_referrals", args=[case_a.pk])).content.decode()
    assert "Agency B" in tab
    assert "Sent" in tab
    detail = client.get(reverse("referrals:case_referral", args=[case_a.pk, referral.pk])).content.decode()
    assert "Counselling in Spanish" in detail


def test_the_form_shows_uncovered_classes_and_saves_nothing(personas, case_a, other_agency):
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("referrals:create", args=[case_a.pk]),
        {
            "recipient": f"agency:{other_agency.pk}",
            "service_category": SERVICE,
            "urgency": "routine",
            "data_classes": ["identity"],
            "action": "send",
        },
    )
    assert response.status_code == 400
    assert "No consent in force" in response.content.decode()
    assert "Name and identity" in response.content.decode()
    assert not Referral.objects.exists()
    # bad input: no recipient, unknown service → field errors, nothing saved
    response = client.post(reverse("referrals:create", args=[case_a.pk]), {"service_category": "nope"})
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_recipient_declines_with_a_reason_and_the_sender_is_told(personas, case_a, refer):
    referral = refer(case_a, [])
    b = login_client(personas["other_agency_user"])
    url = reverse("referrals:incoming_transition", args=[referral.pk])
    # declining without a reason is refused
    response = b.post(url, {"version": referral.version, "to": "declined", "note": "Sorry"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == "sent"
    # with a reason and note it goes through
    response = b.post(url, {"version": referral.version, "to": "declined", "reason": "no_capacity", "note": "Full"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.status_reason) == ("declined", "no_capacity")
    assert referral.closed_at is not None
    # the sender's case worker gets the outcome on their task list, until they read it
    items = [t for t in tasks_for(personas["case_manager"], timezone.localdate()) if t.source == "referral_outcome"]
    assert len(items) == 1
    do_mark_outcome_seen(actor=personas["case_manager"], referral=referral)
    items = [t for t in tasks_for(personas["case_manager"], timezone.localdate()) if t.source == "referral_outcome"]
    assert items == []
    # every change is on the sender's timeline, codes only
    event = CaseEvent.objects.filter(case=case_a, type=EventType.REFERRAL_CHANGED).latest("at")
    assert event.parameters["new"] == "declined"
    assert event.parameters["reason_code"] == "no_capacity"
    assert "Full" not in str(event.parameters)


def test_the_sender_cannot_make_the_recipients_moves(personas, case_a, refer):
    referral = refer(case_a, [])
    response = login_client(personas["case_manager"]).post(
        f"/api/v1/referrals/{referral.pk}/transitions",
        {"version": referral.version, "to": "accepted"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "referrals.invalid_transition"


def test_accepting_opens_a_linked_case_with_only_the_consented_fields(personas, case_a, refer, give_consent):
    # given consent for identity only; the survivor has a phone and a family name at agency A
    give_consent(case_a, ["identity"])
    referral = refer(case_a, ["identity"])
    # when agency B accepts through the API and opens a case
    response = login_client(personas["other_agency_user"]).post(
        f"/api/v1/referrals/{referral.pk}/transitions",
        {"version": referral.version, "to": "accepted", "open_case": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    referral.refresh_from_db()
    new_case = referral.receiving_case
    # then the new case is agency B's, linked, and its person holds only the consented name
    assert new_case is not None
    assert new_case.agency_id == referral.to_agency_id
    person = new_case.survivor
    assert person.agency_id == referral.to_agency_id
    assert person.chosen_name == "Marisol"
    assert (person.given_name, person.family_name, person.phone, person.date_of_birth) == (None, None, None, None)
    assert response.json()["receiving_case_id"] == str(new_case.pk)
    # and both timelines carry the change
    assert CaseEvent.objects.filter(case=case_a, type=EventType.REFERRAL_CHANGED, parameters__new="accepted").exists()
    assert CaseEvent.objects.filter(case=new_case, type=EventType.REFERRAL_CHANGED).exists()
    # later moves land on both timelines too
    _move(personas["other_agency_user"], referral, "in_progress")
    _move(personas["other_agency_user"], referral, "completed", outcome="got_help", note="Eight sessions.")
    assert CaseEvent.objects.filter(case=new_case, parameters__new="completed").exists()
    assert CaseEvent.objects.filter(case=case_a, parameters__new="completed").exists()
    assert ReferralTransition.objects.filter(referral=referral).count() == 4  # sent, accepted, in progress, done
    # the sender sees the outcome on the tab
    tab = login_client(personas["case_manager"]).get(reverse("referrals:case_referrals", args=[case_a.pk]))
    assert "Got the help they needed" in tab.content.decode()


def test_accepting_runs_the_receiving_agencys_duplicate_check(personas, other_agency, case_a, refer, give_consent):
    give_consent(case_a, ["identity"])
    referral = refer(case_a, ["identity"])
    do_create_survivor(
        actor=None, agency=other_agency, reference="B-9", given_name="Marisol", assigned=[personas["other_agency_user"]]
    )
    b = personas["other_agency_user"]
    # the first try stops on the possible match
    page = login_client(b).post(
        reverse("referrals:incoming_transition", args=[referral.pk]),
        {"version": referral.version, "to": "accepted", "open_case": "on"},
    )
    assert page.status_code == 400
    assert "B-9" in page.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"
    # confirming it is someone new opens the case
    referral = _move(b, referral, "accepted", new_case=NewCase(confirm_new=True))
    assert referral.receiving_case is not None


def test_a_partner_user_may_accept_but_not_open_a_case(b_partner, case_a, refer, give_consent):
    give_consent(case_a, ["identity"])
    referral = refer(case_a, ["identity"])
    client = login_client(b_partner)
    assert client.get(reverse("referrals:incoming_detail", args=[referral.pk])).status_code == 200
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/transitions",
        {"version": referral.version, "to": "accepted", "open_case": True},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/transitions",
        {"version": referral.version, "to": "accepted"},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_external_referral_is_printed_with_only_consented_classes_and_tracked_by_hand(
    personas, case_a, refer, give_consent
):
    org = Organization.objects.create(name="Harbour Clinic")
    # given an "any organisation" consent for identity and needs, but not contact
    give_consent(case_a, ["identity", "needs"], recipient_kind="any")
    referral = refer(case_a, ["identity", "needs"], to_organization_id=org.pk)
    assert referral.to_agency_id is None
    client = login_client(personas["case_manager"])
    # the printable packet holds the name and needs, never the phone or family name
    page = client.get(reverse("referrals:print", args=[case_a.pk, referral.pk])).content.decode()
    assert "Marisol" in page
    assert "Needs still open" in page
    assert "4477" not in page
    assert "Quintanilla" not in page
    # the sender records the organisation's answers by hand
    url = reverse("referrals:sender_transition", args=[case_a.pk, referral.pk])
    for to in ("received", "accepted"):
        referral.refresh_from_db()
        assert client.post(url, {"version": referral.version, "to": to}).status_code == 302
    referral.refresh_from_db()
    response = client.post(
        url, {"version": referral.version, "to": "completed", "outcome": "partially_helped", "note": "Two visits."}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.outcome_note) == (
        "completed",
        "partially_helped",
        "Two visits.",
    )


def test_a_consent_naming_a_directory_organisation_covers_a_referral_to_it_and_no_other(personas, case_a, refer):
    from datetime import timedelta

    from django.utils import timezone

    from reclaim.consent.actions import ConsentInput, do_record_consent
    from reclaim.consent.models import InformedOf
    from reclaim.referrals.actions import ConsentMissing

    clinic, other = Organization.objects.create(name="Harbour Clinic"), Organization.objects.create(name="Elm Legal")
    consent = do_record_consent(
        actor=personas["case_manager"],
        survivor=case_a.survivor,
        case=case_a,
        data=ConsentInput(
            purpose="service_referral",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="organisation",
            recipient_organization_id=clinic.pk,
            data_classes=["identity"],
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + timedelta(days=100),
        ),
    )
    assert consent.recipient_name == "Harbour Clinic"
    # the clinic may receive the name; the other organisation may not
    assert refer(case_a, ["identity"], to_organization_id=clinic.pk).status == "sent"
    with pytest.raises(ConsentMissing):
        refer(case_a, ["identity"], to_organization_id=other.pk)


def test_lists_cost_a_constant_number_of_queries(personas, case_a, refer, assert_max_queries):
    for _ in range(3):
        refer(case_a, [])
    b, a = login_client(personas["other_agency_user"]), login_client(personas["case_manager"])
    with assert_max_queries(20) as few:
        assert b.get(reverse("referrals:incoming")).status_code == 200
    with assert_max_queries(20):
        assert a.get(reverse("referrals:outgoing")).status_code == 200
    for _ in range(7):
        refer(case_a, [])
    with assert_max_queries(len(few.captured_queries)):
        assert b.get(reverse("referrals:incoming")).status_code == 200
    listed = b.get("/api/v1/referrals?direction=incoming&status=sent").json()["items"]
    assert len(listed) == 10
    assert all(row["packet"] is None for row in listed)
    assert len(a.get("/api/v1/referrals?direction=outgoing").json()["items"]) == 10
