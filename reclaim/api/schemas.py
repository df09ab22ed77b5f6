from __future__ import annotations

from ninja import Field, Schema


class ErrorOut(Schema):
    """The one error body: a stable machine-readable code, a message, and field-level messages."""

    code: str
    message: str
    fields: dict[str, list[str]] = Field(default_factory=dict)


class ConflictOut(ErrorOut):
    """409: someone saved first. `current` holds their values and `current_version` the version to send next."""

    current_version: int
    current: dict[str, str] = Field(default_factory=dict)
