"""Webhook subscriptions for agency admins: pages and API, the secret shown once and encrypted at rest,
addresses checked, other staff refused (403) and other agencies' subscriptions hidden (404)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.interop import webhooks_actions as actions
from reclaim.interop.webhooks_models import WebhookDelivery, WebhookSubscription

URL = "https://partner.example/hooks/reclaim"


@pytest.fixture
def admin(personas):
    return login_client(personas["agency_admin"])


def test_admin_adds_a_webhook_and_sees_the_secret_once(personas, admin):
    # when the admin fills in the form
    response = admin.post(
        reverse("interop:webhook_add"),
        {
            "target_url": URL,
            "description": "Shelter partner CRM",
            "event_types": ["case.opened", "referral.state_changed"],
        },
    )
    # then the page shows the secret, which the database holds for signing
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_") and len(subscription.secret) > 40
    assert subscription.secret in response.content.decode()
    assert subscription.event_types == ["case.opened", "referral.state_changed"]
    assert subscription.created_by == personas["agency_admin"]
    assert AuditEvent.objects.filter(action="webhook.created", object_id=str(subscription.pk)).exists()
    # and never again: not on the list, the detail page or the edit form
    for name, args in [
        ("interop:webhooks", []),
        ("interop:webhook_detail", [subscription.pk]),
        ("interop:webhook_edit", [subscription.pk]),
    ]:
        page = admin.get(reverse(name, args=args))
        assert page.status_code == 200
        assert subscription.secret not in page.content.decode()
    assert "Shelter partner CRM" in admin.get(reverse("interop:webhooks")).content.decode()


def test_a_plain_http_address_is_refused_with_a_clear_error(admin, settings):
    settings.RECLAIM_WEBHOOKS_ALLOW_LOOPBACK = False
    for url, message in [
        ("http://partner.example/hooks", "must start with https://"),
        ("ftp://partner.example/hooks", "starting with https://"),
        ("https://user:pw@partner.example/hooks", "user name or password"),
        ("http://127.0.0.1:9000/hooks", "must start with https://"),
        ("https://127.0.0.1/hooks", "loopback"),
        ("https://10.0.0.8/hooks", "public internet addresses"),
        ("https://169.254.169.254/latest", "public internet addresses"),
    ]:
        response = admin.post(reverse("interop:webhook_add"), {"target_url": url, "event_types": ["case.opened"]})
        assert response.status_code == 200
        assert message in response.content.decode(), url
    # and no subscription was saved
    assert not WebhookSubscription.objects.exists()
    # and no event type is also refused
    response = admin.post(reverse("interop:webhook_add"), {"target_url": URL, "event_types": []})
    assert "This field is required" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_private_networks_only_when_switched_on_and_never_link_local(admin, settings):
    settings.RECLAIM_WEBHOOKS_ALLOW_PRIVATE = True
    refused = admin.post(
        reverse("interop:webhook_add"), {"target_url": "https://169.254.169.254/x", "event_types": ["case.opened"]}
    )
    assert "public internet addresses" in refused.content.decode()
    assert not WebhookSubscription.objects.exists()
    admin.post(reverse("interop:webhook_add"), {"target_url": "https://10.0.0.8/hooks", "event_types": ["case.opened"]})
    assert WebhookSubscription.objects.get().target_url == "https://10.0.0.8/hooks"


def test_loopback_http_is_allowed_only_when_switched_on(personas, agency, settings):
    from reclaim.core.errors import DomainError

    settings.DEBUG = False
    settings.RECLAIM_WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(DomainError) as refused:
        actions.do_create_subscription(
            actor=personas["agency_admin"], agency=agency, target_url="http://localhost:8001/in", event_types=["ping"]
        )
    assert refused.value.fields.keys() == {"target_url", "event_types"}  # "ping" is not a subscribable type
    settings.RECLAIM_WEBHOOKS_ALLOW_LOOPBACK = True
    subscription, _secret = actions.do_create_subscription(
        actor=personas["agency_admin"],
        agency=agency,
        target_url="http://localhost:8001/in",
        event_types=["case.opened"],
    )
    assert subscription.target_url == "http://localhost:8001/in"


def test_edit_pause_rotate_delete(personas, agency, admin):
    subscription, secret = actions.do_create_subscription(
        actor=personas["agency_admin"], agency=agency, target_url=URL, event_types=["case.opened"]
    )
    # when the admin changes the events
    response = admin.post(
        reverse("interop:webhook_edit", args=[subscription.pk]),
        {"version": 1, "target_url": URL + "/v2", "description": "", "event_types": ["case.closed"]},
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.target_url, subscription.event_types, subscription.version) == (
        URL + "/v2",
        ["case.closed"],
        2,
    )
    # and a stale form shows the conflict and saves nothing
    response = admin.post(
        reverse("interop:webhook_edit", args=[subscription.pk]),
        {"version": 1, "target_url": URL + "/v3", "description": "", "event_types": ["case.opened"]},
    )
    assert response.status_code == 200 and "Someone else changed this webhook" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.target_url == URL + "/v2"
    # when it is paused, then resumed
    admin.post(reverse("interop:webhook_toggle", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.is_active is False
    admin.post(reverse("interop:webhook_toggle", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.is_active is True
    # when the secret is rotated, the new one is shown once and the old one no longer signs
    response = admin.post(reverse("interop:webhook_rotate", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.secret != secret and subscription.secret in response.content.decode()
    # when it is deleted (after the confirmation page), its log goes with it
    actions.do_send_ping(actor=personas["agency_admin"], subscription=subscription)
    assert admin.get(reverse("interop:webhook_delete", args=[subscription.pk])).status_code == 200
    assert admin.post(reverse("interop:webhook_delete", args=[subscription.pk])).status_code == 302
    assert not WebhookSubscription.objects.exists() and not WebhookDelivery.objects.exists()
    assert AuditEvent.objects.filter(action="webhook.deleted", object_id=str(subscription.pk)).exists()


def test_delivery_log_and_retry_button(personas, agency, admin, assert_max_queries):
    subscription, _secret = actions.do_create_subscription(
        actor=personas["agency_admin"], agency=agency, target_url=URL, event_types=["case.opened"]
    )
    for _ in range(3):
        actions.do_send_ping(actor=personas["agency_admin"], subscription=subscription)
    failed = WebhookDelivery.objects.first()
    WebhookDelivery.objects.filter(pk=failed.pk).update(status="gave_up", attempt_count=6, last_status_code=500)
    url = reverse("interop:webhook_detail", args=[subscription.pk])
    admin.get(url)  # warm the session and membership caches
    with assert_max_queries(12):
        page = admin.get(url)
    html = page.content.decode()
    assert html.count("<code>ping</code>") == 3 and "Gave up" in html
    assert html.count("Try again now") == 1
    # when the admin retries the given-up delivery, it is due now
    response = admin.post(reverse("interop:webhook_delivery_retry", args=[subscription.pk, failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "failed" and failed.next_attempt_at is not None
    # and a delivery that is not failed cannot be retried
    pending = WebhookDelivery.objects.filter(status="pending").first()
    admin.post(reverse("interop:webhook_delivery_retry", args=[subscription.pk, pending.pk]), follow=True)
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_other_staff_are_refused_and_other_agencies_see_nothing(personas, agency, client_as):
    subscription, _secret = actions.do_create_subscription(
        actor=personas["agency_admin"], agency=agency, target_url=URL, event_types=["case.opened"]
    )
    detail = reverse("interop:webhook_detail", args=[subscription.pk])
    # non-admin staff: 403 on the pages and the API
    for persona in ("case_manager", "program_director", "analyst"):
        client = client_as(persona)
        assert client.get(reverse("interop:webhooks")).status_code == 403
        assert client.get(detail).status_code == 403
        assert client.get("/api/v1/webhooks").status_code == 403
    # another agency's admin: 404 for the subscription, and an empty list
    other = client_as("other_agency_admin")
    assert other.get(detail).status_code == 404
    assert other.post(reverse("interop:webhook_rotate", args=[subscription.pk])).status_code == 404
    assert other.get(f"/api/v1/webhooks/{subscription.pk}").status_code == 404
    assert other.delete(f"/api/v1/webhooks/{subscription.pk}").status_code == 404
    assert other.get("/api/v1/webhooks").json() == {"items": [], "next_cursor": None}
    assert URL not in other.get(reverse("interop:webhooks")).content.decode()
    # the menu entry is for agency admins only
    assert "/interop/webhooks/" in client_as("agency_admin").get(reverse("home")).content.decode()
    assert "/interop/webhooks/" not in client_as("case_manager").get(reverse("home")).content.decode()
    assert WebhookSubscription.objects.get().secret == _secret


def test_api_create_read_update_deliveries_delete(personas, agency, admin):
    # when a subscription is created through the API
    response = admin.post(
        "/api/v1/webhooks",
        {"target_url": URL, "event_types": ["appointment.created", "case.opened"], "description": "Clinic"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    secret = body["secret"]
    subscription = WebhookSubscription.objects.get(pk=body["id"])
    assert subscription.secret == secret and body["event_types"] == ["case.opened", "appointment.created"]
    # then reads never carry the secret
    one = admin.get(f"/api/v1/webhooks/{subscription.pk}").json()
    assert "secret" not in one and one["version"] == 1
    assert secret not in admin.get("/api/v1/webhooks").content.decode()
    # and updates check the version
    patched = admin.patch(
        f"/api/v1/webhooks/{subscription.pk}", {"version": 1, "is_active": False}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["is_active"] is False and patched.json()["version"] == 2
    stale = admin.patch(
        f"/api/v1/webhooks/{subscription.pk}", {"version": 1, "description": "x"}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    # and a bad address is a 400 naming the field, and nothing changes
    bad = admin.patch(
        f"/api/v1/webhooks/{subscription.pk}",
        {"version": 2, "target_url": "http://partner.example/x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "webhooks.invalid"
    assert "target_url" in bad.json()["fields"]
    subscription.refresh_from_db()
    assert subscription.target_url == URL
    # and rotating returns a new secret once; a ping shows up in the deliveries
    rotated = admin.post(f"/api/v1/webhooks/{subscription.pk}/secret").json()
    assert rotated["secret"] != secret
    ping = admin.post(f"/api/v1/webhooks/{subscription.pk}/ping")
    assert ping.status_code == 202
    deliveries = admin.get(f"/api/v1/webhooks/{subscription.pk}/deliveries").json()
    assert [d["event_type"] for d in deliveries["items"]] == ["ping"] and deliveries["next_cursor"] is None
    not_failed = admin.post(f"/api/v1/webhooks/{subscription.pk}/deliveries/{deliveries['items'][0]['id']}/retry")
    assert not_failed.status_code == 400 and not_failed.json()["code"] == "webhooks.not_retryable"
    # and invalid bodies are 422 / 400 without saving
    assert admin.post("/api/v1/webhooks", {"target_url": URL}, content_type="application/json").status_code == 422
    unknown = admin.post(
        "/api/v1/webhooks", {"target_url": URL, "event_types": ["case.exploded"]}, content_type="application/json"
    )
    assert unknown.status_code == 400 and "event_types" in unknown.json()["fields"]
    assert WebhookSubscription.objects.count() == 1
    # and delete removes it
    assert admin.delete(f"/api/v1/webhooks/{subscription.pk}").status_code == 204
    assert not WebhookSubscription.objects.exists()


def test_the_secret_is_not_stored_in_plaintext(personas, agency):
    subscription, secret = actions.do_create_subscription(
        actor=personas["agency_admin"], agency=agency, target_url=URL, event_types=["case.opened"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM interop_webhooksubscription WHERE id = %s", [subscription.pk.hex])
        raw = cursor.fetchone()[0]
    stored = bytes(raw) if isinstance(raw, memoryview) else raw
    assert secret not in str(stored) and secret[6:] not in str(stored)
    # nor in the audit log
    details = [str(row.detail) for row in AuditEvent.objects.all()]
    assert not [d for d in details if secret[6:] in d]
    subscription.refresh_from_db()
    assert subscription.secret == secret
