"""Form helpers shared by every interface."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
