"""Idempotency keys of API clients: claim a key for a request, store its first answer, replay it, purge.

The interface side (reclaim/api/idempotency.py) decides what a request is; this module only keeps the rows.
The API writes the claim, the request's work and the kept answer in one transaction (reclaim/api/middleware.py),
so a committed claim always has its answer; a claim without one can only be left by a caller that does not do so,
and is given up after DEFAULT_STALE_AFTER."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from reclaim.accounts.models import IdempotencyKey, User

if TYPE_CHECKING:
    from uuid import UUID

DEFAULT_TTL = timedelta(hours=24)
# A claim whose request never finished (the process died) is given up after this long, and the key is free again.
DEFAULT_STALE_AFTER = timedelta(minutes=5)


class Outcome(Enum):
    NEW = "new"  # go ahead: run the request, then `store_response` or `release`
    REPLAY = "replay"  # the same request was answered before: send the stored answer
    REUSED = "reused"  # the key was used for a different request
    IN_PROGRESS = "in_progress"  # the same key is being answered right now


@dataclass(frozen=True)
class Claim:
    outcome: Outcome
    record: IdempotencyKey | None = None


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _ttl() -> timedelta:
    return timedelta(seconds=getattr(settings, "RECLAIM_API_IDEMPOTENCY_TTL", int(DEFAULT_TTL.total_seconds())))


def _judge(record: IdempotencyKey, request_hash: str) -> Claim:
    if record.request_hash != request_hash:
        return Claim(Outcome.REUSED)
    if record.status_code is None:
        return Claim(Outcome.IN_PROGRESS)
    return Claim(Outcome.REPLAY, record)


def claim_idempotency_key(*, user: User, agency_id: UUID, principal: str, key: str, request_hash: str) -> Claim:
    """Claim `key` for this request, or say why not (replay, reused, in progress)."""
    now = timezone.now()
    hashed = key_hash(key)
    existing = IdempotencyKey.objects.filter(principal=principal, key_hash=hashed).first()
    if existing is not None and (
        existing.expires_at <= now
        or (existing.status_code is None and existing.created_at <= now - DEFAULT_STALE_AFTER)
    ):
        existing.delete()
        existing = None
    if existing is not None:
        return _judge(existing, request_hash)
    try:
        with transaction.atomic():
            record = IdempotencyKey.objects.create(
                agency_id=agency_id,
                user=user,
                principal=principal,
                key_hash=hashed,
                request_hash=request_hash,
                expires_at=now + _ttl(),
            )
    except IntegrityError:  # a concurrent request with the same key claimed it first
        other = IdempotencyKey.objects.filter(principal=principal, key_hash=hashed).first()
        return _judge(other, request_hash) if other is not None else Claim(Outcome.IN_PROGRESS)
    return Claim(Outcome.NEW, record)


def store_response(*, record: IdempotencyKey, status_code: int, content_type: str, body: str) -> None:
    """Keep the first (successful) answer for the key's lifetime."""
    record.status_code = status_code
    record.content_type = content_type[:100]
    record.response_body = body
    record.save(update_fields=["status_code", "content_type", "response_body", "updated_at"])


def release(*, record: IdempotencyKey) -> None:
    """Free the key: the request failed (a 4xx or 5xx can be retried with the same key) or cannot be replayed."""
    IdempotencyKey.objects.filter(pk=record.pk).delete()


def purge_expired_idempotency_keys() -> int:
    deleted, _ = IdempotencyKey.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
