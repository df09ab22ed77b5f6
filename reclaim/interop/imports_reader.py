"""Reading an uploaded spreadsheet: CSV (UTF-8, with or without a byte-order mark) or XLSX (openpyxl in
read-only mode). Rows come out as lists of strings; dates in XLSX cells come out as ISO text.

Encoding: only UTF-8 is read. A file in another encoding (Excel's "CSV" on Windows writes cp1252) is refused
with a clear message rather than guessed, since a wrong guess would store misspelt names without anyone seeing.

Formula injection: a cell that a spreadsheet would run as a formula is never stored; `is_formula` tells the
importer, which reports the row."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Iterator

CSV, XLSX = "csv", "xlsx"
_ZIP_MAGIC = b"PK\x03\x04"
# "=" always starts a formula; "+", "-" and "@" do when a function call, a cell reference or a DDE pipe
# follows (so a phone number like "+1 555 0100" or a negative number is still accepted).
_FORMULA = re.compile(
    r"""^[\t\r ]*(
        =                                   # =SUM(A1), =1+1
      | [+\-@]\s*[A-Za-z_][\w.]*\s*\(       # +HYPERLINK(  @SUM(  -cmd(
      | [+\-@]\s*\$?[A-Za-z]{1,3}\$?\d+\b   # +A1, -$B$2
      | [+\-@][^|]*\|                       # +cmd|' /C calc'!A0 (DDE)
      | @[A-Za-z_]                          # @name
    )""",
    re.VERBOSE,
)


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is safe to show (no cell values)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list[str]]  # data rows only; row n of the file is rows[n - 2]


def is_formula(value: str) -> bool:
    return bool(value) and bool(_FORMULA.match(value))


def detect_format(data: bytes) -> str:
    return XLSX if data.startswith(_ZIP_MAGIC) else CSV


def read_sheet(data: bytes) -> Sheet:
    """Headers and rows of the file; ImportFileError when it cannot be read at all."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."), "imports.empty_file")
    rows = _xlsx_rows(data) if detect_format(data) == XLSX else _csv_rows(data)
    try:
        header_row = next(rows)
    except StopIteration:
        raise ImportFileError(_("The file is empty."), "imports.empty_file") from None
    headers = [h.strip() for h in header_row]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ImportFileError(_("The first row must hold the column names."), "imports.no_headers")
    body = [row for row in rows if any(cell.strip() for cell in row)]
    return Sheet(headers=headers, rows=body)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text, so names could be read wrongly. In your spreadsheet, save it as "
                "“CSV UTF-8” (or export UTF-8) and upload it again."
            ),
            "imports.wrong_encoding",
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV or XLSX file."), "imports.unreadable")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    return iter(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(_("This is not a CSV or XLSX file."), "imports.unreadable") from None
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise ImportFileError(_("The file is empty."), "imports.empty_file")

    def rows() -> Iterator[list[str]]:
        try:
            for row in sheet.iter_rows(values_only=True):
                yield [_cell_text(value) for value in row]
        finally:
            workbook.close()

    return rows()
