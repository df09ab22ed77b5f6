"""Webhook subscriptions and their delivery log (docs/interop.md#webhooks): agency admins only (others 403;
another agency's subscription 404). The signing secret is returned once, by the create and rotate calls;
no other response carries it. PATCH bodies carry the `version` read (409 when stale)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.interop import webhooks_access as access
from reclaim.interop import webhooks_actions as actions
from reclaim.interop import webhooks_selectors as selectors
from reclaim.interop.webhooks_models import WebhookDelivery, WebhookSubscription

router = Router(tags=["webhooks"])


class WebhookOut(Schema):
    id: UUID
    target_url: str
    description: str
    event_types: list[str]
    is_active: bool
    created_at: datetime
    version: int

    @staticmethod
    def build(subscription: WebhookSubscription) -> WebhookOut:
        return WebhookOut(
            id=subscription.pk,
            target_url=subscription.target_url,
            description=subscription.description,
            event_types=list(subscription.event_types),
            is_active=subscription.is_active,
            created_at=subscription.created_at,
            version=subscription.version,
        )


class WebhookWithSecretOut(WebhookOut):
    """Only from create and rotate: keep `secret` now, it is never returned again."""

    secret: str


class WebhookIn(Schema):
    target_url: str = Field(max_length=500)
    description: str = Field(default="", max_length=200)
    event_types: list[str] = Field(max_length=50)


class WebhookPatchIn(Schema):
    version: int
    target_url: str | None = Field(default=None, max_length=500)
    description: str | None = Field(default=None, max_length=200)
    event_types: list[str] | None = Field(default=None, max_length=50)
    is_active: bool | None = None


class WebhookDeliveryOut(Schema):
    id: UUID
    event_id: UUID
    event_type: str
    status: str
    attempt_count: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    created_at: datetime
    payload: dict[str, Any]

    @staticmethod
    def build(delivery: WebhookDelivery) -> WebhookDeliveryOut:
        return WebhookDeliveryOut(
            id=delivery.pk,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            status=delivery.status,
            attempt_count=delivery.attempt_count,
            next_attempt_at=delivery.next_attempt_at,
            last_attempt_at=delivery.last_attempt_at,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            created_at=delivery.created_at,
            payload=delivery.payload,
        )


def _with_secret(subscription: WebhookSubscription, secret: str) -> WebhookWithSecretOut:
    return WebhookWithSecretOut(**WebhookOut.build(subscription).model_dump(), secret=secret)


@router.get("/webhooks", response={200: Page[WebhookOut], 403: ErrorOut}, summary="The agency's webhook subscriptions")
def list_webhooks(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_webhook_admin(user)
    return paginate(selectors.subscriptions_for_admin(user), page, WebhookOut.build)


@router.post(
    "/webhooks",
    response={201: WebhookWithSecretOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Subscribe an HTTPS endpoint to events; the response carries the signing secret, once",
)
def create_webhook(request: HttpRequest, payload: WebhookIn) -> Status[WebhookWithSecretOut]:
    user = request_user(request)
    agency = access.require_webhook_admin(user)
    subscription, secret = actions.do_create_subscription(
        actor=user,
        agency=agency,
        target_url=payload.target_url,
        event_types=payload.event_types,
        description=payload.description,
    )
    return Status(201, _with_secret(subscription, secret))


@router.get(
    "/webhooks/{subscription_id}", response={200: WebhookOut, 403: ErrorOut, 404: ErrorOut}, summary="One subscription"
)
def get_webhook(request: HttpRequest, subscription_id: UUID) -> WebhookOut:
    user = request_user(request)
    return WebhookOut.build(access.access_subscription_by_id(user, subscription_id))


@router.patch(
    "/webhooks/{subscription_id}",
    response={200: WebhookOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change the address, description, events or pause/resume (with the version read)",
)
def update_webhook(request: HttpRequest, subscription_id: UUID, payload: WebhookPatchIn) -> WebhookOut:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    updated = actions.do_update_subscription(
        actor=user,
        subscription=subscription,
        expected_version=payload.version,
        target_url=subscription.target_url if payload.target_url is None else payload.target_url,
        event_types=subscription.event_types if payload.event_types is None else payload.event_types,
        description=subscription.description if payload.description is None else payload.description,
        is_active=payload.is_active,
    )
    return WebhookOut.build(updated)


@router.delete(
    "/webhooks/{subscription_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Delete a subscription and its delivery log",
)
def delete_webhook(request: HttpRequest, subscription_id: UUID) -> Status[None]:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    actions.do_delete_subscription(actor=user, subscription=subscription)
    return Status(204, None)


@router.post(
    "/webhooks/{subscription_id}/secret",
    response={200: WebhookWithSecretOut, 403: ErrorOut, 404: ErrorOut},
    summary="Replace the signing secret; the response carries the new one, once",
)
def rotate_webhook_secret(request: HttpRequest, subscription_id: UUID) -> WebhookWithSecretOut:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    subscription, secret = actions.do_rotate_secret(actor=user, subscription=subscription)
    return _with_secret(subscription, secret)


@router.post(
    "/webhooks/{subscription_id}/ping",
    response={202: WebhookDeliveryOut, 403: ErrorOut, 404: ErrorOut},
    summary="Queue a test delivery of type `ping`",
)
def ping_webhook(request: HttpRequest, subscription_id: UUID) -> Status[WebhookDeliveryOut]:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id, for_write=True)
    return Status(202, WebhookDeliveryOut.build(actions.do_send_ping(actor=user, subscription=subscription)))


@router.get(
    "/webhooks/{subscription_id}/deliveries",
    response={200: Page[WebhookDeliveryOut], 403: ErrorOut, 404: ErrorOut},
    summary="The subscription's delivery log, newest first",
)
def list_webhook_deliveries(request: HttpRequest, subscription_id: UUID, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    subscription = access.access_subscription_by_id(user, subscription_id)
    return paginate(selectors.deliveries_for(subscription), page, WebhookDeliveryOut.build)


@router.post(
    "/webhooks/{subscription_id}/deliveries/{delivery_id}/retry",
    response={202: WebhookDeliveryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Try a failed delivery again now",
)
def retry_webhook_delivery(
    request: HttpRequest, subscription_id: UUID, delivery_id: UUID
) -> Status[WebhookDeliveryOut]:
    user = request_user(request)
    _subscription, delivery = access.access_delivery(user, subscription_id, delivery_id)
    return Status(202, WebhookDeliveryOut.build(actions.do_retry_delivery(actor=user, delivery=delivery)))
