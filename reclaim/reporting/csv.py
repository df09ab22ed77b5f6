"""CSV for reports: every cell made spreadsheet-safe (reclaim/core/csvsafe.py), suppressed tables written with
their hidden cells as words ("fewer than 11", "hidden") and the explanation as a last line."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from reclaim.core.csvsafe import FORMULA_PREFIXES, csv_cell

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from reclaim.reporting.suppression import Suppressed

__all__ = ["FORMULA_PREFIXES", "csv_cell", "safe_csv_rows", "suppressed_rows", "write_csv"]


def safe_csv_rows(rows: Iterable[Sequence[Any]]) -> Iterator[list[str]]:
    """The rows with every cell as text a spreadsheet will not run as a formula; None becomes ""."""
    for row in rows:
        yield [csv_cell(value) for value in row]


def suppressed_rows(table: Suppressed, *, with_explanation: bool = True) -> Iterator[list[Any]]:
    """A suppressed table as plain rows: the header, one row per table row (totals last), then the explanation."""
    yield [table.row_header or "", *table.column_headers]
    for row in table.rows:
        yield [row.label, *(cell.text for cell in row.cells)]
    if with_explanation:
        yield []
        yield [table.explanation]


def write_csv(rows: Iterable[Sequence[Any]]) -> str:
    """The rows as CSV text, every cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(safe_csv_rows(rows))
    return buffer.getvalue()
