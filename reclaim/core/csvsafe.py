"""Spreadsheet-safe CSV cells: text a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) gets a leading apostrophe, so it is shown as text (OWASP "CSV injection"). In core so that
domain views (services log, legal outcomes) and the reporting app share one rule."""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ (or a tab / carriage return) gets a '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
