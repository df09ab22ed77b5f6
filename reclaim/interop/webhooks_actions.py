"""Writes of webhooks: subscriptions (agency admins), deliveries made from timeline rows, and the worker's
side (claim a due delivery, send it, record the outcome, schedule the retry).

Retries back off: after a failed attempt n the next one is due BACKOFF[n - 1] later; after the last one the
delivery is given up. A delivery is claimed by a conditional UPDATE (due, not claimed by anyone else) before
it is sent, so two workers never send it twice at once, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.interop import webhooks_delivery as delivery_http
from reclaim.interop.webhooks_events import EVENT_TYPES, PING, webhook_events_for
from reclaim.interop.webhooks_models import DeliveryStatus, WebhookDelivery, WebhookSubscription

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.cases.models import CaseEvent

logger = logging.getLogger(__name__)

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM_FOR = timedelta(seconds=60)  # far longer than one request may take (TIMEOUT_SECONDS)
DUE_BATCH = 100
MAX_EVENT_TYPES = len(EVENT_TYPES)
SECRET_PREFIX = "whsec_"  # noqa: S105 — a label, not a secret
RETRYABLE = (DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP)


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _audit(action: str, actor: User | None, subscription: WebhookSubscription, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=subscription.agency_id,
            object_type="webhook_subscription",
            object_id=str(subscription.pk),
            detail=detail,
        )
    )


def _clean(target_url: str, event_types: list[str]) -> tuple[str, list[str]]:
    url, url_problems = delivery_http.check_target_url(target_url)
    problems: dict[str, list[str]] = {}
    if url_problems:
        problems["target_url"] = url_problems
    chosen = list(dict.fromkeys(str(code) for code in (event_types or [])))
    unknown = [code for code in chosen if code not in EVENT_TYPES]
    if not chosen:
        problems["event_types"] = [_("Choose at least one kind of event to send.")]
    elif unknown or len(chosen) > MAX_EVENT_TYPES:
        problems["event_types"] = [_("Choose event types from the list.")]
    if problems:
        first = next(iter(problems.values()))[0]
        raise DomainError(first, code="webhooks.invalid", fields=problems)
    return url, [code for code in EVENT_TYPES if code in chosen]  # in catalogue order


def _description(text: str) -> str:
    text = (text or "").strip()
    if len(text) > 200:  # noqa: PLR2004 — the column's length
        raise DomainError(
            _("Keep the description under 200 characters."),
            code="webhooks.invalid",
            fields={"description": [_("At most 200 characters.")]},
        )
    return text


@transaction.atomic
def do_create_subscription(
    *, actor: User, agency: Agency, target_url: str, event_types: list[str], description: str = ""
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret, which is returned here once and never shown again."""
    url, types = _clean(target_url, event_types)
    secret = new_secret()
    subscription = WebhookSubscription(
        agency=agency,
        target_url=url,
        description=_description(description),
        event_types=types,
        secret=secret,
        created_by=actor,
    )
    subscription.full_clean()
    subscription.save()
    _audit("webhook.created", actor, subscription, event_types=types)
    return subscription, secret


def _current(subscription: WebhookSubscription) -> dict[str, Any]:
    return {
        "target_url": subscription.target_url,
        "description": subscription.description,
        "event_types": ", ".join(subscription.event_types),
        "is_active": subscription.is_active,
    }


@transaction.atomic
def do_update_subscription(
    *,
    actor: User,
    subscription: WebhookSubscription,
    expected_version: int,
    target_url: str,
    event_types: list[str],
    description: str,
    is_active: bool | None = None,
) -> WebhookSubscription:
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    check_version(subscription.version, expected_version, _current(subscription))
    url, types = _clean(target_url, event_types)
    subscription.target_url, subscription.event_types = url, types
    subscription.description = _description(description)
    if is_active is not None:
        subscription.is_active = is_active
    subscription.version += 1
    subscription.full_clean()
    subscription.save()
    _audit("webhook.updated", actor, subscription, event_types=types, is_active=subscription.is_active)
    return subscription


@transaction.atomic
def do_set_subscription_active(*, actor: User, subscription: WebhookSubscription, active: bool) -> WebhookSubscription:
    """Pause or resume. While paused no deliveries are made, and waiting ones are held until it resumes."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.is_active != active:
        subscription.is_active = active
        subscription.version += 1
        subscription.save()
        _audit("webhook.resumed" if active else "webhook.paused", actor, subscription)
    if active:
        due = list(
            WebhookDelivery.objects.filter(
                subscription=subscription, status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]
            ).values_list("pk", flat=True)[:DUE_BATCH]
        )
        _enqueue_on_commit([str(pk) for pk in due])
    return subscription


@transaction.atomic
def do_rotate_secret(*, actor: User, subscription: WebhookSubscription) -> tuple[WebhookSubscription, str]:
    """A new secret replaces the old one at once (later deliveries, and retries, are signed with it)."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    secret = new_secret()
    subscription.secret = secret
    subscription.version += 1
    subscription.save()
    _audit("webhook.secret_rotated", actor, subscription)
    return subscription, secret


@transaction.atomic
def do_delete_subscription(*, actor: User, subscription: WebhookSubscription) -> None:
    """Gone, with its delivery log; nothing more is sent to it."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    _audit("webhook.deleted", actor, subscription)
    subscription.delete()


def _payload(
    *, event_id: uuid.UUID, event_type: str, occurred_at: str, agency_slug: str, data: dict[str, Any]
) -> dict[str, Any]:
    return {"id": str(event_id), "type": event_type, "occurred_at": occurred_at, "agency": agency_slug, "data": data}


@transaction.atomic
def do_send_ping(*, actor: User, subscription: WebhookSubscription) -> WebhookDelivery:
    """A test delivery of type "ping" (sent even when the subscription does not list it)."""
    now = timezone.now()
    event_id = uuid.uuid4()
    delivery = WebhookDelivery.objects.create(
        agency_id=subscription.agency_id,
        subscription=subscription,
        event_id=event_id,
        event_type=PING,
        payload=_payload(
            event_id=event_id,
            event_type=PING,
            occurred_at=now.isoformat(),
            agency_slug=subscription.agency.slug,
            data={"subscription_id": str(subscription.pk)},
        ),
        next_attempt_at=now,
    )
    _audit("webhook.ping", actor, subscription, delivery_id=str(delivery.pk))
    _enqueue_on_commit([str(delivery.pk)])
    return delivery


@transaction.atomic
def do_retry_delivery(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Try a failed (or given-up) delivery again now; a given-up one gets one more attempt."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status not in RETRYABLE:
        raise DomainError(_("Only a failed delivery can be tried again."), code="webhooks.not_retryable")
    delivery.status = DeliveryStatus.FAILED
    delivery.next_attempt_at = timezone.now()
    delivery.claimed_until = None
    delivery.save(update_fields=["status", "next_attempt_at", "claimed_until", "updated_at"])
    _audit("webhook.retry", actor, delivery.subscription, delivery_id=str(delivery.pk))
    _enqueue_on_commit([str(delivery.pk)])
    return delivery


def _enqueue_on_commit(delivery_ids: list[str]) -> None:
    if not delivery_ids:
        return
    from reclaim.interop.webhooks_tasks import deliver_webhook

    def enqueue() -> None:
        for delivery_id in delivery_ids:
            deliver_webhook.enqueue(delivery_id)

    transaction.on_commit(enqueue, robust=True)


# --- From the timeline (registered in InteropConfig.ready through cases.events.register_event_listener) ----


def on_case_event(case_event: CaseEvent) -> list[WebhookDelivery]:
    """Runs inside the domain write's transaction (cases.events._notify): one delivery per subscribed, active
    subscription of the agency, committed with the event (an outbox), handed to the worker once it commits."""
    events = webhook_events_for(case_event)
    if not events:
        return []
    with transaction.atomic():
        subscriptions = list(
            WebhookSubscription.objects.filter(agency_id=case_event.agency_id, is_active=True).select_related("agency")
        )
        occurred_at = case_event.at.isoformat()
        deliveries = [
            WebhookDelivery(
                agency_id=subscription.agency_id,
                subscription=subscription,
                event_id=event.id,
                event_type=event.type,
                payload=_payload(
                    event_id=event.id,
                    event_type=event.type,
                    occurred_at=occurred_at,
                    agency_slug=subscription.agency.slug,
                    data=event.data,
                ),
                next_attempt_at=timezone.now(),
            )
            for event in events
            for subscription in subscriptions
            if event.type in subscription.event_types
        ]
        if not deliveries:
            return []
        WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        _enqueue_on_commit([str(d.pk) for d in deliveries])
    return deliveries


# --- The worker's side ------------------------------------------------------------------------------------


def _claim(delivery_id: Any, now: Any) -> bool:
    """One conditional UPDATE: only a due, unclaimed delivery of an active subscription is taken, by one worker."""
    taken = (
        WebhookDelivery.objects.filter(
            pk=delivery_id,
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
            next_attempt_at__lte=now,
            subscription__is_active=True,
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM_FOR)
    )
    return taken == 1


def attempt_delivery(delivery_id: Any) -> str:
    """Send one delivery if it is due and nobody else is sending it; returns its status afterwards ("" if not taken)."""
    now = timezone.now()
    try:
        if not _claim(delivery_id, now):
            return ""
    except (ValueError, TypeError):
        return ""
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    outcome = delivery_http.post(
        url=subscription.target_url,
        secret=subscription.secret or "",
        payload=delivery.payload,
        event_type=delivery.event_type,
        delivery_id=str(delivery.pk),
        timestamp=int(now.timestamp()),
    )
    attempts = delivery.attempt_count + 1
    finished = timezone.now()
    if outcome.ok:
        status, next_at = DeliveryStatus.SUCCEEDED, None
    elif attempts >= MAX_ATTEMPTS:
        status, next_at = DeliveryStatus.GAVE_UP, None
    else:
        status, next_at = DeliveryStatus.FAILED, now + BACKOFF[attempts - 1]
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempt_count=attempts,
        status=status,
        next_attempt_at=next_at,
        claimed_until=None,
        last_attempt_at=now,
        last_status_code=outcome.status_code,
        last_error=outcome.error[:200],
        updated_at=finished,
    )
    logger.info(
        "webhook delivery %s attempt %s: %s (%s)", delivery.pk, attempts, status, outcome.status_code or "no answer"
    )
    return str(status)


def due_delivery_ids(limit: int = DUE_BATCH) -> list[str]:
    now = timezone.now()
    rows = (
        WebhookDelivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
            next_attempt_at__lte=now,
            subscription__is_active=True,
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return [str(pk) for pk in rows]


def send_due_deliveries(limit: int = DUE_BATCH) -> int:
    """The periodic job: send every delivery whose (next) attempt is due; returns how many were attempted."""
    attempted = 0
    for delivery_id in due_delivery_ids(limit):
        if attempt_delivery(delivery_id):
            attempted += 1
    return attempted
