"""The gate to webhook subscriptions and their delivery log: agency admins (`manages_staff`) of the agency
that owns them. Other staff are refused (403); another agency's subscription is answered 404, like a missing one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.access import gate
from reclaim.interop import webhooks_selectors as selectors

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.interop.webhooks_models import WebhookDelivery, WebhookSubscription


def can_manage_webhooks(user: User) -> bool:
    return active_membership(user) is not None and capabilities(user).manages_staff


def require_webhook_admin(user: User) -> Agency:
    """The admin's agency; 403 for anyone else (other staff, platform operators)."""
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_staff:
        raise PermissionDenied
    return membership.agency


def access_subscription_by_id(user: User, subscription_id: Any, *, for_write: bool = False) -> WebhookSubscription:
    require_webhook_admin(user)
    return gate(
        selectors.subscriptions_for_admin(user), subscription_id, for_write=for_write, can_write=lambda _s: True
    )


def access_delivery(user: User, subscription_id: Any, delivery_id: Any) -> tuple[WebhookSubscription, WebhookDelivery]:
    subscription = access_subscription_by_id(user, subscription_id, for_write=True)
    delivery = selectors.delivery_of(subscription, delivery_id)
    if delivery is None:
        raise Http404
    return subscription, delivery
