"""Domain errors with stable codes; interfaces map them to HTTP (never the reverse)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


class DomainError(Exception):
    """A rule of the domain refused the operation; `code` is stable once published."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.fields = fields or {}


class EditConflict(DomainError):
    """Somebody saved a newer version first; `current` carries their values for the conflict screen."""

    code = "edit_conflict"

    def __init__(self, *, current_version: int, current: dict[str, Any] | None = None) -> None:
        super().__init__(_("This record was changed by someone else while you were editing it."))
        self.current_version = current_version
        self.current = current or {}


class InvalidTransition(DomainError):
    code = "invalid_transition"


def check_version(current_version: int, expected_version: int, current: dict[str, Any] | None = None) -> None:
    """Raise EditConflict unless the caller loaded the version that is stored now."""
    if current_version != expected_version:
        raise EditConflict(current_version=current_version, current=current)
