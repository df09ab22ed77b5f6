"""The key store core's encrypted fields use: one wrapped data key per agency (AgencyKey rows)."""

from __future__ import annotations

from uuid import UUID

from django.db import IntegrityError, transaction

from reclaim.accounts.models import AgencyKey
from reclaim.core import crypto


class AgencyKeyStore:
    def active_key(self, scope_id: UUID) -> tuple[str, bytes]:
        cached_id = crypto.KEY_CACHE.get_active(scope_id)
        if cached_id is not None and (key := crypto.KEY_CACHE.get(cached_id)) is not None:
            return cached_id, key
        row = AgencyKey.objects.filter(agency_id=scope_id, is_active=True).first()
        if row is None:
            row = self._create(scope_id)
        key = crypto.master_keyring().unwrap(row.wrapped_key)
        key_id = row.pk.hex
        crypto.KEY_CACHE.put(key_id, key)
        crypto.KEY_CACHE.put_active(scope_id, key_id)
        return key_id, key

    def key_by_id(self, key_id: str) -> bytes:
        if (key := crypto.KEY_CACHE.get(key_id)) is not None:
            return key
        try:
            row = AgencyKey.objects.get(pk=UUID(hex=key_id))
        except (AgencyKey.DoesNotExist, ValueError):
            raise crypto.CryptoError("unknown data key") from None
        key = crypto.master_keyring().unwrap(row.wrapped_key)
        crypto.KEY_CACHE.put(key_id, key)
        return key

    @staticmethod
    def _create(scope_id: UUID) -> AgencyKey:
        try:
            with transaction.atomic():
                return AgencyKey.objects.create(
                    agency_id=scope_id, wrapped_key=crypto.master_keyring().wrap(crypto.new_data_key())
                )
        except IntegrityError:  # another process created it first
            return AgencyKey.objects.get(agency_id=scope_id, is_active=True)
