"""Encrypted model fields. The model API reads and writes plain values; the column holds ciphertext.

Encryption happens in ``pre_save`` because the key depends on the row's agency. Writing a
plain value any other way (``QuerySet.update``, ``bulk_update`` with plain values) raises,
so nothing can reach the database in clear by accident.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from reclaim.core import crypto

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from django.db.backends.base.base import BaseDatabaseWrapper


class EncryptedFieldMixin(models.Field):  # type: ignore[type-arg]
    """Shared behaviour: a TEXT column of ciphertext, keyed by the row's `scope_attr` (its agency)."""

    def __init__(self, *args: Any, scope_attr: str = "agency_id", **kwargs: Any) -> None:
        self.scope_attr = scope_attr
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.scope_attr != "agency_id":
            kwargs["scope_attr"] = self.scope_attr
        return name, path, args, kwargs

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        return models.TextField().db_type(connection)

    def get_internal_type(self) -> str:
        return "TextField"

    @property
    def aad(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    # Subclasses convert between Python values and bytes.
    def serialise(self, value: Any) -> bytes:
        raise NotImplementedError

    def deserialise(self, raw: bytes) -> Any:
        raise NotImplementedError

    def encrypt_for(self, instance: models.Model, value: Any) -> crypto.Ciphertext | None:
        if value is None or value == "":
            return None
        scope_id = self._scope(getattr(instance, self.scope_attr))
        return crypto.encrypt(self.serialise(self.to_python(value)), scope_id=scope_id, aad=self.aad)

    def sealer(self, scope_id: UUID | None) -> Callable[[Any], crypto.Ciphertext]:
        """`encrypt_for` for many values of one scope (bulk writes): the scope's active key is looked up once,
        so a key rotated while the sealer is in use takes effect at the next one. Empty values are the caller's."""
        seal = crypto.sealer(self._scope(scope_id), aad=self.aad)
        serialise, to_python = self.serialise, self.to_python
        return lambda value: seal(serialise(to_python(value)))

    def _scope(self, scope_id: UUID | None) -> UUID:
        if scope_id is None:
            raise ValueError(f"{self.model.__name__}.{self.name} needs {self.scope_attr} before it can be encrypted")
        return scope_id

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        return self.encrypt_for(model_instance, getattr(model_instance, self.attname))

    def get_prep_value(self, value: Any) -> Any:
        if value is None or isinstance(value, crypto.Ciphertext):
            return value
        raise TypeError(f"{self.name} is encrypted: save it through the model instance, not update()")

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None:
            return None
        return self.deserialise(crypto.decrypt(value, aad=self.aad))

    def value_to_string(self, obj: models.Model) -> str:
        return "[encrypted]"


class EncryptedTextField(EncryptedFieldMixin):
    def to_python(self, value: Any) -> str | None:
        return None if value is None else str(value)

    def serialise(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def deserialise(self, raw: bytes) -> str:
        return raw.decode("utf-8")

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> forms.Field | None:
        return forms.CharField(required=not self.blank, label=self.verbose_name, **kwargs)


class EncryptedDateField(EncryptedFieldMixin):
    def to_python(self, value: Any) -> datetime.date | None:
        if value is None or isinstance(value, datetime.date):
            return value
        return datetime.date.fromisoformat(str(value))

    def serialise(self, value: Any) -> bytes:
        return value.isoformat().encode("ascii")  # type: ignore[no-any-return]

    def deserialise(self, raw: bytes) -> datetime.date:
        return datetime.date.fromisoformat(raw.decode("ascii"))

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> forms.Field | None:
        return forms.DateField(required=not self.blank, label=self.verbose_name, **kwargs)


class EncryptedJSONField(EncryptedFieldMixin):
    def to_python(self, value: Any) -> Any:
        return value

    def serialise(self, value: Any) -> bytes:
        return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True).encode("utf-8")

    def deserialise(self, raw: bytes) -> Any:
        return json.loads(raw)

    def encrypt_for(self, instance: models.Model, value: Any) -> crypto.Ciphertext | None:
        if value is None:
            return None
        return super().encrypt_for(instance, value) if value != "" else None

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> forms.Field | None:
        return forms.JSONField(required=not self.blank, label=self.verbose_name, **kwargs)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedFieldMixin]:
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedFieldMixin)]
