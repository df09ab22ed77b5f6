from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from reclaim.accounts import idempotency
from reclaim.accounts.models import BreakGlassGrant
from reclaim.core.audit import AuditEntry, write_audit_many


@task()
def close_expired_break_glass() -> int:
    """Mark lapsed grants as ended, with an audit row each (access already stopped at expiry)."""
    now = timezone.now()
    with transaction.atomic():
        expired = list(BreakGlassGrant.objects.select_for_update().filter(ended_at__isnull=True, expires_at__lte=now))
        for grant in expired:
            grant.ended_at = grant.expires_at
        BreakGlassGrant.objects.bulk_update(expired, ["ended_at"])
        write_audit_many(
            AuditEntry("break_glass.expired", agency_id=g.agency_id, object_type="break_glass", object_id=str(g.pk))
            for g in expired
        )
    return len(expired)


@task()
def purge_expired_idempotency_keys() -> int:
    """Forget API idempotency keys (and their stored answers) past their 24 hours."""
    return idempotency.purge_expired_idempotency_keys()
