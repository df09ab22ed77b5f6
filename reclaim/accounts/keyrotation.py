"""Key rotation: re-wrap data keys under the newest master key, optionally issue new data keys,
then re-encrypt every encrypted column whose ciphertext is not under its agency's active key.
Every step picks only rows not yet done, so an interrupted run is resumed by running again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from reclaim.accounts.models import Agency, AgencyKey
from reclaim.core import crypto
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.fields import EncryptedFieldMixin, encrypted_fields

Progress = Callable[[int], None]


@dataclass
class RotationReport:
    rewrapped: int = 0
    new_keys: int = 0
    reencrypted: int = 0


def rewrap_data_keys() -> int:
    keyring = crypto.master_keyring()
    count = 0
    for key in AgencyKey.objects.all().iterator():
        if not keyring.wrapped_with_current(key.wrapped_key):
            key.wrapped_key = keyring.wrap(keyring.unwrap(key.wrapped_key))
            key.save(update_fields=["wrapped_key", "updated_at"])
            count += 1
    return count


@transaction.atomic
def issue_new_data_keys() -> int:
    keyring = crypto.master_keyring()
    now = timezone.now()
    agencies = list(Agency.objects.values_list("id", flat=True))
    AgencyKey.objects.filter(is_active=True).update(is_active=False, retired_at=now)
    AgencyKey.objects.bulk_create(
        [AgencyKey(agency_id=a, wrapped_key=keyring.wrap(crypto.new_data_key())) for a in agencies]
    )
    crypto.KEY_CACHE.clear()
    return len(agencies)


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedFieldMixin]]]:
    found = []
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if fields:
            found.append((model, fields))
    return found


def count_rows() -> int:
    return sum(model._default_manager.count() for model, _fields in encrypted_models())


def _active_key_ids() -> dict[Any, str]:
    return {
        agency_id: pk.hex for agency_id, pk in AgencyKey.objects.filter(is_active=True).values_list("agency_id", "id")
    }


def reencrypt_all(*, batch_size: int = 500, progress: Progress | None = None) -> int:
    active = _active_key_ids()
    total = 0
    for model, fields in encrypted_models():
        total += _reencrypt_model(model, fields, active, batch_size, progress)
    return total


def _reencrypt_model(
    model: type[models.Model],
    fields: list[EncryptedFieldMixin],
    active: dict[Any, str],
    batch_size: int,
    progress: Progress | None,
) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    pk_col = connection.ops.quote_name(model._meta.pk.column)
    scope_cols = {f.scope_attr for f in fields}
    columns = [connection.ops.quote_name(c) for c in [*scope_cols, *(f.column for f in fields)]]
    changed_total = 0
    last_pk: Any = None
    while True:
        where = f"WHERE {pk_col} > %s " if last_pk is not None else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {pk_col}, {', '.join(columns)} FROM {table} {where}ORDER BY {pk_col} LIMIT %s",  # noqa: S608 — identifiers come from model metadata, quoted; values are parameters  # nosec B608
                [*([last_pk] if last_pk is not None else []), batch_size],
            )
            rows = cursor.fetchall()
        if not rows:
            return changed_total
        updates = []
        for row in rows:
            pk, rest = row[0], row[1:]
            scope_values = dict(zip(scope_cols, rest[: len(scope_cols)], strict=True))
            ciphertexts = rest[len(scope_cols) :]
            obj = model(pk=model._meta.pk.to_python(pk))
            dirty = False
            for field, token in zip(fields, ciphertexts, strict=True):
                if token is None:
                    continue
                scope_uuid = _as_uuid(scope_values[field.scope_attr])
                if crypto.ciphertext_key_id(token) == active.get(scope_uuid):
                    continue
                plain = crypto.decrypt(token, aad=field.aad)
                setattr(obj, field.attname, crypto.encrypt(plain, scope_id=scope_uuid, aad=field.aad))
                dirty = True
            if dirty:
                updates.append(obj)
        if updates:
            changed_fields = [f.attname for f in fields]
            _fill_unchanged(model, updates, fields)
            with transaction.atomic():
                model._default_manager.bulk_update(updates, changed_fields)
            changed_total += len(updates)
        if progress is not None:
            progress(len(rows))
        last_pk = rows[-1][0]


def _as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _fill_unchanged(model: type[models.Model], objs: list[models.Model], fields: list[EncryptedFieldMixin]) -> None:
    """bulk_update writes every listed column: carry over ciphertexts that did not need re-encryption."""
    missing = [
        (obj, f) for obj in objs for f in fields if not isinstance(obj.__dict__.get(f.attname), crypto.Ciphertext)
    ]
    if not missing:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    pk_col = connection.ops.quote_name(model._meta.pk.column)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pks = [obj.pk for obj in objs]
    pk_field = model._meta.pk
    assert pk_field is not None  # noqa: S101 — every model has a primary key
    placeholders = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk_col}, {cols} FROM {table} WHERE {pk_col} IN ({placeholders})",  # noqa: S608 — identifiers come from model metadata, quoted; values are parameters  # nosec B608
            [pk_field.get_db_prep_value(pk, connection) for pk in pks],
        )
        current = {model._meta.pk.to_python(row[0]): row[1:] for row in cursor.fetchall()}
    for obj, field in missing:
        token = current[obj.pk][fields.index(field)]
        setattr(obj, field.attname, crypto.Ciphertext(token) if token is not None else None)


def rotate(*, new_data_keys: bool, progress: Progress | None = None, batch_size: int = 500) -> RotationReport:
    report = RotationReport()
    report.rewrapped = rewrap_data_keys()
    if new_data_keys:
        report.new_keys = issue_new_data_keys()
    report.reencrypted = reencrypt_all(batch_size=batch_size, progress=progress)
    write_audit(
        AuditEntry(
            "keys.rotated",
            detail={"rewrapped": report.rewrapped, "new_keys": report.new_keys, "reencrypted": report.reencrypted},
        )
    )
    return report
