from __future__ import annotations

from ninja import Field, Schema


class ErrorOut(Schema):
    """The one error body: a stable machine-readable code, a message, and field-level messages."""

    code: str
    message: str
    fields: dict[str, list[str]] = Field(default_factory=dict)


class ConflictOut(ErrorOut):
    """409: someone saved first. GET the record for their values; `current_version` is the version saved now."""

    current_version: int
    fields_to_compare: list[str] = Field(default_factory=list)


# The largest offset a list's `cursor` is taken as: past any real list. A bigger one overflowed the database's
# integer in OFFSET (a 500 found by schemathesis); clamped, it gives an empty page.
MAX_CURSOR = 10**9
