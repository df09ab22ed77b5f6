"""The export's files: CSV and XLSX of codes, spreadsheet-safe (formula injection neutralised in both).

Every text cell goes through core/csvsafe.csv_cell (a leading apostrophe before = + - @, tab or carriage
return), and in XLSX every cell is written as a string cell (data type "s"), never as a formula, so even a
value that slipped past the prefix rule would be shown, not run."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from reclaim.core.csvsafe import csv_cell

if TYPE_CHECKING:
    from collections.abc import Sequence

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def export_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(column) for column in columns])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _put_row(sheet: Any, row_number: int, values: Sequence[Any]) -> None:
    for column_number, value in enumerate(values, 1):
        cell = sheet.cell(row=row_number, column=column_number)
        cell.value = csv_cell(value)
        cell.data_type = "s"  # a string, never a formula


def export_xlsx(columns: Sequence[str], rows: Sequence[Sequence[Any]], about: Sequence[tuple[str, Any]] = ()) -> bytes:
    """The rows on a first sheet "export"; what the export is and what was suppressed on a second, "about"."""
    book = Workbook()
    sheet = book.active
    sheet.title = "export"
    _put_row(sheet, 1, columns)
    for number, row in enumerate(rows, 2):
        _put_row(sheet, number, row)
    notes = book.create_sheet("about")
    for number, (label, value) in enumerate(about, 1):
        _put_row(notes, number, (label, value))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
