"""Reads of webhook subscriptions and deliveries, scoped to the agency admin's own agency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.interop.webhooks_models import DeliveryStatus, WebhookDelivery, WebhookSubscription

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def subscriptions_for_admin(user: User) -> QuerySet[WebhookSubscription]:
    """The subscriptions of the user's agency when the user manages it; nothing for anyone else."""
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_staff:
        return WebhookSubscription.objects.none()
    return WebhookSubscription.objects.filter(agency_id=membership.agency_id).select_related("agency")


def subscription_list(user: User) -> QuerySet[WebhookSubscription]:
    """With the number of deliveries that failed (and will be tried again) and that were given up: one query."""
    return subscriptions_for_admin(user).annotate(
        failing=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        given_up=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.GAVE_UP)),
    )


def deliveries_for(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at")


def delivery_of(subscription: WebhookSubscription, delivery_id: Any) -> WebhookDelivery | None:
    try:
        return deliveries_for(subscription).select_related("subscription").get(pk=delivery_id)
    except (WebhookDelivery.DoesNotExist, ValueError, ValidationError):  # missing, or not a UUID
        return None
