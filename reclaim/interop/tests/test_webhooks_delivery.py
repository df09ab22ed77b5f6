"""Webhook deliveries over real HTTP on loopback: signed, only for subscribed events, retried with backoff,
given up, never redirected, never carrying personal data."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from reclaim.cases.actions import do_open_case, do_transition_case
from reclaim.interop import webhooks_actions as actions
from reclaim.interop import webhooks_delivery
from reclaim.interop.tests.webhooks_support import Receiver, dead_url, verify
from reclaim.interop.webhooks_events import EVENT_TYPES
from reclaim.interop.webhooks_models import WebhookDelivery
from reclaim.interop.webhooks_tasks import send_due_webhooks


@pytest.fixture(autouse=True)
def _loopback_and_immediate_tasks(settings):
    settings.RECLAIM_WEBHOOKS_ALLOW_LOOPBACK = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def subscribe(personas, agency, url, types):
    return actions.do_create_subscription(
        actor=personas["agency_admin"], agency=agency, target_url=url, event_types=types
    )


def open_and_move(personas, survivor, capture):
    with capture(execute=True):
        case = do_open_case(actor=personas["case_manager"], survivor=survivor, team=survivor.team)
    with capture(execute=True):
        case = do_transition_case(
            actor=personas["case_manager"],
            case=case,
            to="intake",
            expected_version=case.version,
            services_consent_on=date(2026, 1, 5),
        )
    return case


def test_a_subscribed_event_is_posted_signed_and_only_subscribed_types_go(
    personas, agency, survivor_a, receiver, django_capture_on_commit_callbacks
):
    # given a subscription to stage changes only
    subscription, secret = subscribe(personas, agency, receiver.url, ["case.stage_changed"])
    # when a case is opened (not subscribed) and moved to intake (subscribed)
    case = open_and_move(personas, survivor_a, django_capture_on_commit_callbacks)
    # then exactly one POST arrived: the stage change
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.path == "/hooks/reclaim"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-reclaim-event"] == "case.stage_changed"
    delivery = WebhookDelivery.objects.get()
    assert request.headers["x-reclaim-delivery"] == str(delivery.pk)
    # and the signature verifies with the documented algorithm and the secret shown at creation
    assert verify(secret, request.headers, request.body, now=timezone.now().timestamp())
    assert not verify("whsec_wrong", request.headers, request.body, now=timezone.now().timestamp())
    assert not verify(secret, request.headers, request.body + b" ", now=timezone.now().timestamp())
    # and the payload carries ids and codes only
    payload = json.loads(request.body)
    assert set(payload) == {"id", "type", "occurred_at", "agency", "data"}
    assert payload["type"] == "case.stage_changed" and payload["agency"] == "agency-a"
    assert payload["id"] == str(delivery.event_id)
    assert payload["data"] == {"case_id": str(case.pk), "from": "identified", "to": "intake"}
    # and the delivery is recorded as succeeded after one attempt
    assert (delivery.status, delivery.attempt_count, delivery.last_status_code) == ("succeeded", 1, 200)
    assert delivery.subscription_id == subscription.pk


def test_an_event_with_no_subscription_sends_nothing(
    personas, agency, other_agency, survivor_a, receiver, django_capture_on_commit_callbacks
):
    # given only another agency subscribes, and a paused subscription of agency A
    actions.do_create_subscription(
        actor=personas["other_agency_admin"],
        agency=other_agency,
        target_url=receiver.url,
        event_types=list(EVENT_TYPES),
    )
    paused, _secret = subscribe(personas, agency, receiver.url, list(EVENT_TYPES))
    actions.do_set_subscription_active(actor=personas["agency_admin"], subscription=paused, active=False)
    # when agency A's case is opened and moved
    open_and_move(personas, survivor_a, django_capture_on_commit_callbacks)
    # then nothing was sent or queued
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_failed_delivery_is_retried_with_backoff_and_succeeds(
    personas, agency, survivor_a, receiver, django_capture_on_commit_callbacks
):
    # given a receiver that fails once, then answers 200
    receiver.statuses = [500]
    subscribe(personas, agency, receiver.url, ["case.opened"])
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
        delivery = WebhookDelivery.objects.get()
        # then the first attempt failed and the next is due a minute later; the body was not kept
        assert (delivery.status, delivery.attempt_count, delivery.last_status_code) == ("failed", 1, 500)
        assert delivery.next_attempt_at == start + timedelta(minutes=1)
        assert delivery.last_error == "HTTP 500" and "Marisol" not in delivery.last_error
        # and the periodic job sends nothing before it is due
        assert send_due_webhooks.call() == 0
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert send_due_webhooks.call() == 0
    # when the job runs after the minute
    with time_machine.travel(start + timedelta(minutes=1, seconds=1), tick=False):
        assert send_due_webhooks.call() == 1
    # then the second attempt succeeded, with the same delivery and event ids
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count, delivery.last_status_code) == ("succeeded", 2, 200)
    assert delivery.next_attempt_at is None
    assert len(receiver.requests) == 2
    assert {r.headers["x-reclaim-delivery"] for r in receiver.requests} == {str(delivery.pk)}
    assert {json.loads(r.body)["id"] for r in receiver.requests} == {str(delivery.event_id)}


def test_a_dead_receiver_is_given_up_after_the_last_attempt(
    personas, agency, survivor_a, django_capture_on_commit_callbacks
):
    # given a subscription to an address where nothing listens
    subscribe(personas, agency, dead_url(), ["case.opened"])
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempt_count) == ("failed", 1)
    # when the job runs each time a retry is due: 1 min, 5 min, 30 min, 2 h, 12 h
    for wait in actions.BACKOFF:
        now += wait
        with time_machine.travel(now, tick=False):
            assert send_due_webhooks.call() == 1
    # then after the sixth attempt it is given up, with no status code and a short reason
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count, delivery.next_attempt_at) == ("gave_up", 6, None)
    assert delivery.last_status_code is None and 0 < len(delivery.last_error) <= 200
    # and nothing is tried any more
    with time_machine.travel(now + timedelta(days=2), tick=False):
        assert send_due_webhooks.call() == 0


def test_redirects_are_not_followed(personas, agency, receiver):
    # given a receiver that answers with a redirect
    receiver.default_status = 302
    receiver.location = receiver.url + "/elsewhere"
    subscription, _secret = subscribe(personas, agency, receiver.url, ["case.opened"])
    delivery = actions.do_send_ping(actor=personas["agency_admin"], subscription=subscription)
    # when it is sent
    assert actions.attempt_delivery(delivery.pk) in {"", "failed"}
    delivery.refresh_from_db()
    # then the 302 is the answer: a failure, and the other address was never asked
    assert (delivery.status, delivery.last_status_code) == ("failed", 302)
    assert [r.path for r in receiver.requests] == ["/hooks/reclaim"]


def test_a_slow_receiver_times_out(personas, agency, receiver, monkeypatch):
    # given a receiver slower than the timeout (shortened here from 5 s)
    monkeypatch.setattr(webhooks_delivery, "TIMEOUT_SECONDS", 0.3)
    receiver.delay = 1.0
    subscription, _secret = subscribe(personas, agency, receiver.url, ["case.opened"])
    delivery = actions.do_send_ping(actor=personas["agency_admin"], subscription=subscription)
    # when it is sent, then the attempt fails without an answer
    actions.attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.last_status_code is None
    assert "timed out" in delivery.last_error.lower()


def test_a_claimed_delivery_is_not_sent_twice(personas, agency, receiver):
    # given a due delivery that another worker has just claimed
    subscription, _secret = subscribe(personas, agency, receiver.url, ["case.opened"])
    delivery = actions.do_send_ping(actor=personas["agency_admin"], subscription=subscription)
    assert actions._claim(delivery.pk, timezone.now())
    # when this worker tries it and the due job runs
    assert actions.attempt_delivery(delivery.pk) == ""
    assert send_due_webhooks.call() == 0
    # then nothing was sent
    assert receiver.requests == []
    # and once the claim has lapsed (a crashed worker), it is sent exactly once
    with time_machine.travel(timezone.now() + actions.CLAIM_FOR + timedelta(seconds=1), tick=False):
        assert send_due_webhooks.call() == 1
        assert send_due_webhooks.call() == 0
    assert len(receiver.requests) == 1


def test_ping_and_retry_now(personas, agency, receiver, django_capture_on_commit_callbacks):
    # given a receiver that is down for the first request
    receiver.statuses = [503]
    subscription, secret = subscribe(personas, agency, receiver.url, ["case.opened"])
    # when the admin sends a test ping
    with django_capture_on_commit_callbacks(execute=True):
        delivery = actions.do_send_ping(actor=personas["agency_admin"], subscription=subscription)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == ("failed", 503)
    # and asks to try it again now (without waiting for the backoff)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_retry_delivery(actor=personas["agency_admin"], delivery=delivery)
    delivery.refresh_from_db()
    # then it went through, signed, of type "ping"
    assert delivery.status == "succeeded" and delivery.attempt_count == 2
    last = receiver.requests[-1]
    assert last.headers["x-reclaim-event"] == "ping"
    assert json.loads(last.body)["data"] == {"subscription_id": str(subscription.pk)}
    assert verify(secret, last.headers, last.body, now=timezone.now().timestamp())


def test_payloads_carry_no_personal_data(
    personas, agency, other_agency, survivor_a, receiver, django_capture_on_commit_callbacks
):
    from reclaim.assessments.actions import do_record_assessment
    from reclaim.consent.actions import ConsentInput, do_record_consent, do_revoke_consent
    from reclaim.consent.models import InformedOf
    from reclaim.referrals.actions import ReferralInput, do_create_referral
    from reclaim.scheduling.actions import AppointmentValues, do_book_appointment, do_cancel_appointment

    # given a subscription to every event type
    subscribe(personas, agency, receiver.url, list(EVENT_TYPES))
    worker = personas["case_manager"]
    # when many things happen on Marisol Quintanilla's case, with free text full of personal details
    case = open_and_move(personas, survivor_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        starts = timezone.now().replace(microsecond=0) + timedelta(days=1)
        appointment = do_book_appointment(
            actor=worker,
            case=case,
            values=AppointmentValues(
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                attendee_ids=[worker.pk],
                purpose="Marisol Quintanilla meets her lawyer",
                place="14 Hidden Lane, Quintanilla safe house",
                partner_name="Dr Quintanilla-Ortiz",
            ),
        )
        do_cancel_appointment(actor=worker, appointment=appointment, expected_version=appointment.version, by="agency")
        do_create_referral(
            actor=worker,
            case=case,
            data=ReferralInput(
                service_category="psychological_support",
                to_agency_id=other_agency.pk,
                reason="Marisol Quintanilla needs trauma therapy after the farm",
            ),
            send=True,
        )
        do_record_assessment(actor=worker, case=case, instrument_code="phq9", answers=[0] * 8 + [1])
        consent = do_record_consent(
            actor=worker,
            survivor=survivor_a,
            case=case,
            data=ConsentInput(
                purpose="contact_channel",
                method="verbal",
                signer_name="Marisol Quintanilla",
                witness_name="Quintanilla witness",
                channels=["phone"],
                informed_of=list(InformedOf.values),
                expires_on=timezone.localdate() + timedelta(days=300),
            ),
        )
        do_revoke_consent(
            actor=worker,
            consent=consent,
            by_whom="survivor",
            how="phone",
            note="Marisol called from +1 555 010 4477",
            expected_version=consent.version,
        )
    # then the events went out
    sent = {r.headers["x-reclaim-event"] for r in receiver.requests}
    assert {
        "case.opened",
        "case.stage_changed",
        "appointment.created",
        "appointment.cancelled",
        "referral.created",
        "referral.state_changed",
        "assessment.recorded",
        "consent.revoked",
    } <= sent
    # and no body, header or stored payload holds a name, a place, a phone number or any free text
    needles = ["Marisol", "Quintanilla", "Hidden Lane", "lawyer", "therapy", "555", "4477", "1996", "A-000001"]
    blobs = [r.body.decode() + json.dumps(r.headers) for r in receiver.requests]
    blobs += [json.dumps(d.payload) for d in WebhookDelivery.objects.all()]
    # digits count only as a whole number: a uuid, a timestamp or the hex signature may hold "555" by chance
    patterns = [re.escape(n) if not n.isdigit() else rf"(?<![0-9a-fA-F]){n}(?![0-9a-fA-F])" for n in needles]
    assert [p for p in patterns for blob in blobs if re.search(p, blob)] == []
    # and every data value is an id or a code (no spaces, short)
    for request in receiver.requests:
        for value in json.loads(request.body)["data"].values():
            for item in value if isinstance(value, list) else [value]:
                assert " " not in item and len(item) <= 64


def test_the_due_job_is_scheduled():
    jobs = {path: seconds for _name, seconds, path in django_settings.RECLAIM_PERIODIC_JOBS}
    assert jobs["reclaim.interop.webhooks_tasks.send_due_webhooks"] <= 60


def test_an_event_survives_a_crash_between_the_commit_and_the_hand_off(personas, agency, survivor_a, receiver):
    # given a subscription to case events
    subscribe(personas, agency, receiver.url, ["case.opened"])
    # when a case is opened and the process dies before any after-commit work runs (here: it never runs)
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    # then the delivery was written with the event, waiting for the worker
    waiting = WebhookDelivery.objects.get(event_type="case.opened")
    assert waiting.status == "pending" and receiver.requests == []
    # and the periodic job sends it
    send_due_webhooks.call()
    assert [r.headers["x-reclaim-event"] for r in receiver.requests] == ["case.opened"]
    assert json.loads(receiver.requests[0].body)["data"]["case_id"] == str(case.pk)


def test_a_failing_listener_does_not_undo_the_domain_write(personas, survivor_a, monkeypatch, caplog):
    # given a listener that breaks
    def broken(event):
        WebhookDelivery.objects.create()  # a write that fails inside the listener's savepoint

    monkeypatch.setattr("reclaim.cases.events._listeners", [broken])
    # when a case is opened
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    # then the case and its timeline are saved, and the failure is logged
    case.refresh_from_db()
    assert case.events.filter(type="opened").exists()
    assert "timeline listener" in caplog.text
