"""Report CSV (reporting/csv.py): spreadsheet formulas neutralised, suppressed tables written as words."""

from __future__ import annotations

import csv
import io

import pytest

from reclaim.reporting.csv import safe_csv_rows, suppressed_rows, write_csv
from reclaim.reporting.suppression import suppress_counts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Safe = fine", "Safe = fine"),
        (None, ""),
        (12, "12"),
    ],
)
def test_cells_never_start_a_formula(value, expected):
    assert next(safe_csv_rows([[value]])) == [expected]


def test_a_suppressed_table_as_csv_reads_back_with_words_and_its_explanation():
    table = suppress_counts([("=cmd|' /C calc'!A0", 3), ("Adults", 20), ("Minors", 15)], 11, count_header="People")
    text = write_csv(suppressed_rows(table))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["", "People"]
    assert rows[1] == ["'=cmd|' /C calc'!A0", "fewer than 11"]
    assert rows[3] == ["Minors", "hidden"]
    assert rows[4] == ["Total", "38"]
    assert rows[-1] == [table.explanation]
