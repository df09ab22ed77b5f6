"""Webhooks: an agency's subscriptions and their delivery log.

A subscription names a partner's HTTPS endpoint and the event types it wants. Every delivery is one
signed POST of a payload of ids and codes (never a name or free text), tried by the task worker and
retried with backoff until it succeeds or gives up. The secret signs the body; it is stored encrypted
and shown once, when it is made."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User
from reclaim.core.fields import EncryptedTextField

__all__ = ["DeliveryStatus", "WebhookDelivery", "WebhookSubscription"]


class WebhookSubscription(TenantModel):
    target_url = models.CharField(_("address (URL)"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Webhook event type codes (reclaim/interop/webhooks_events.py EVENT_TYPES); checked by the actions.
    event_types = models.JSONField(default=list)
    secret = EncryptedTextField(_("signing secret"))
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "is_active"], name="interop_webhook_agency_active"),
        ]

    def __str__(self) -> str:
        return f"webhook {self.pk}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed, will try again")
    GAVE_UP = "gave_up", _("Gave up")


class WebhookDelivery(TenantModel):
    """One event for one subscription: the payload (ids and codes only) and how sending it went."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    # The event's id: the same for every subscription that receives it, so receivers can drop repeats.
    event_id = models.UUIDField(default=uuid.uuid4)
    event_type = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker's claim on the row while it sends (a conditional UPDATE sets it), so no two send it at once.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="interop_delivery_once_per_event"),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["status", "next_attempt_at"], name="interop_delivery_due"),
            models.Index(fields=["subscription", "-created_at"], name="interop_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk}"
