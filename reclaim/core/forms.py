"""Form helpers shared by every interface."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.forms import Form

    from reclaim.core.errors import DomainError


def add_domain_errors(form: Form, exc: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Show a refused action on its form: each field's messages on that field (renamed through `aliases`
    when the form names it differently), anything else, or a message without fields, at the top."""
    if not exc.fields:
        form.add_error(None, exc.message)
        return
    for field, errors in exc.fields.items():
        name = (aliases or {}).get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


class _PlainQueryChoiceIterator(forms.models.ModelChoiceIterator):
    """Django's iterator reads the choices through `QuerySet.iterator()`, which on PostgreSQL opens a server-side
    cursor: a DECLARE, two FETCHes and a CLOSE, four round trips for a list of a few dozen rows. This one reads
    them with one plain SELECT, the same rows in the same order."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ShortModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ModelChoiceField for a short list (a team's staff, an agency's teams) shown on a page that must be fast."""

    iterator = _PlainQueryChoiceIterator
