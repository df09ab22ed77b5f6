"""Small-cell suppression (reporting/suppression.py): worked examples, and properties over random tables that
no hidden number can be worked out from what is released.

The reader we protect against knows everything released: the shown cells and totals, that a "fewer than k"
cell is 1..k-1 (zeros are shown, so a hidden small cell is not 0), and that a "hidden" cell is at least k
(only counts of k or more are hidden a second time). A hidden cell is safe when at least two values for it are
consistent with all of that. Two independent checks, neither using the module's own audit:

* brute force (small tables): enumerate every table with the released shape, keep those that agree with the
  release, and collect each hidden cell's values; it must have at least two.
* witness search (tables up to 6x6): any other consistent table differs from the true one by a sum of unit
  changes around alternating cycles of hidden cells (row, column, row, ...; a table with its margins is a set
  of line equations whose differences are circulations, and a circulation splits into cycles moving the same
  way as it, each of which is itself consistent). So for each hidden cell we search cycles through it,
  apply +1/-1 around one, and accept the result only after re-checking it against the release with plain
  arithmetic (every row, column and total adds up; shown cells unchanged; hidden cells within what the
  reader knows). Finding one proves the cell has a second possible value.
Plus the classic necessary condition: no row, column or totals line has exactly one hidden number.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reclaim.reporting.suppression import COMPLEMENTARY, PRIMARY, WITHHELD, suppress_counts, suppress_table

# Helpers -------------------------------------------------------------------------------------------------------


def _full(cells):
    """The table with its margins: rows + a totals row, each with its row total last."""
    rows = [[*row, sum(row)] for row in cells]
    totals = [sum(row[j] for row in rows) for j in range(len(rows[0]))]
    return [*rows, totals]


def _released(result):
    return [[cell.value for cell in row.cells] for row in result.rows]


def _consistent(candidate, released, reasons, k):
    """Whether a full table (with margins) agrees with a release, checked with nothing but arithmetic."""
    r, c = len(candidate) - 1, len(candidate[0]) - 1
    for i in range(r + 1):
        if sum(candidate[i][:c]) != candidate[i][c]:
            return False
    for j in range(c + 1):
        if sum(candidate[i][j] for i in range(r)) != candidate[r][j]:
            return False
    for i in range(r + 1):
        for j in range(c + 1):
            value, shown = candidate[i][j], released[i][j]
            if shown is not None and value != shown:
                return False
            if shown is None and not _within(reasons[(i, j)], value, k):
                return False
    return True


def _within(reason, value, k):
    """What a reader knows of a hidden cell: "fewer than k" is 1..k-1, "hidden" at least k, "not shown" not 0."""
    if reason == PRIMARY:
        return 1 <= value <= k - 1
    return value >= (k if reason == COMPLEMENTARY else 1)


def _sign(cell, r, c):
    i, j = cell
    return -1 if (i == r) != (j == c) else 1


def _witness(full, released, reasons, k, start):
    """Another consistent table differing at `start`, found by a unit change around an alternating cycle
    (shortest cycles first; a path stops early at a cell that cannot move the way the cycle needs)."""
    r, c = len(full) - 1, len(full[0]) - 1
    hidden = set(reasons)

    def movable(cell, change):
        return _within(reasons[cell], full[cell[0]][cell[1]] + change, k)

    def change_at(cell, step, direction):
        return direction * (1 if step % 2 == 0 else -1) * _sign(cell, r, c)

    def walk(path, along_row, direction, limit):
        if len(path) > limit:
            return
        i, j = path[-1]
        line = [(i, jj) for jj in range(c + 1)] if along_row else [(ii, j) for ii in range(r + 1)]
        for nxt in line:
            if nxt == path[-1] or nxt not in hidden:
                continue
            if nxt == start and len(path) >= 2 and not along_row:  # closes the cycle through start's row
                yield list(path)
            elif nxt not in path and movable(nxt, change_at(nxt, len(path), direction)):
                yield from walk([*path, nxt], not along_row, direction, limit)

    for limit in range(2, 2 * (min(r, c) + 1) + 1, 2):
        for direction in (1, -1):
            if not movable(start, change_at(start, 0, direction)):
                continue
            for cycle in walk([start], True, direction, limit):
                candidate = [row[:] for row in full]
                for step, cell in enumerate(cycle):
                    candidate[cell[0]][cell[1]] += change_at(cell, step, direction)
                if _consistent(candidate, released, reasons, k):
                    return candidate
    return None


def _lines_have_no_single_hidden(result):
    released = _released(result)
    for line in [*released, *zip(*released, strict=True)]:
        assert sum(value is None for value in line) != 1, line


# Worked examples -----------------------------------------------------------------------------------------------


def test_a_list_hides_small_counts_and_one_more_so_the_total_does_not_give_them_away():
    result = suppress_counts([("Adults", 3), ("Minors", 0), ("Age not known", 20), ("Other", 15)], 11)
    assert [row.cells[0].text for row in result.rows] == ["fewer than 11", "0", "20", "hidden", "38"]
    assert result.reasons == {(0, 0): PRIMARY, (3, 0): COMPLEMENTARY}
    assert "A 0 means no one." in result.explanation
    assert "cannot be worked out from the totals" in result.explanation


def test_zero_is_shown_and_nothing_hidden_when_every_count_is_zero_or_at_least_k():
    result = suppress_counts([("a", 0), ("b", 11), ("c", 40)], 11)
    assert [row.cells[0].value for row in result.rows] == [0, 11, 40, 51]
    assert result.reasons == {}
    assert result.explanation == "No number needed hiding: each is 0 or at least 11."


def test_two_small_counts_whose_total_pins_them_hide_the_total_too():
    # 4 + 4 = 8 with k = 5: each hidden count is 1..4, so a shown total of 8 would say both are 4.
    result = suppress_counts([("a", 4), ("b", 4)], 5)
    assert [row.cells[0].value for row in result.rows] == [None, None, None]
    assert result.reasons[(2, 0)] == COMPLEMENTARY


def test_when_the_labels_alone_would_give_the_numbers_away_they_say_only_not_shown():
    # Four "fewer than 5" cells (each at least 1) and a "fewer than 5" total: all must be 1, and the total 4.
    result = suppress_counts([("a", 1), ("b", 1), ("c", 1), ("d", 1)], 5)
    assert {row.cells[0].text for row in result.rows} == {"not shown"}
    assert set(result.reasons.values()) == {WITHHELD}
    assert "“Not shown” marks a number that is not zero" in result.explanation


def test_a_small_total_is_hidden_as_well():
    result = suppress_counts([("a", 0), ("b", 3)], 11)
    assert [row.cells[0].text for row in result.rows] == ["0", "fewer than 11", "fewer than 11"]


def test_a_table_hides_small_cells_and_enough_others_in_every_line():
    result = suppress_table(
        [[3, 20, 15], [12, 14, 30], [25, 2, 40]], 11, row_labels=["x", "y", "z"], column_labels=["A", "B", "C"]
    )
    assert result.reasons[(0, 0)] == PRIMARY and result.reasons[(2, 1)] == PRIMARY
    assert result.primary_count == 2 and result.complementary_count >= 2
    assert result.rows[-1].is_total and result.column_headers[-1] == "Total"
    _lines_have_no_single_hidden(result)
    full = _full([[3, 20, 15], [12, 14, 30], [25, 2, 40]])
    for cell in result.reasons:
        assert _witness(full, _released(result), result.reasons, 11, cell) is not None


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda: suppress_counts([("a", -1)], 11), "whole numbers, 0 or more"),
        (lambda: suppress_counts([("a", 1.5)], 11), "whole numbers, 0 or more"),  # type: ignore[list-item]
        (lambda: suppress_counts([("a", 1)], 1), "k must be at least 2"),
        (lambda: suppress_table([[1, 2]], 11, row_labels=["x"], column_labels=["A"]), "one cell per column label"),
    ],
)
def test_bad_input_is_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        bad()


# Properties ----------------------------------------------------------------------------------------------------


@st.composite
def tables(draw, max_rows=6, max_columns=6, max_count=40):
    rows = draw(st.integers(1, max_rows))
    columns = draw(st.integers(1, max_columns))
    counts = st.integers(0, max_count) | st.integers(0, 6)  # plenty of small cells and zeros
    cells = draw(st.lists(st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows))
    return cells, draw(st.integers(5, 15))


def _table(cells, k):
    return suppress_table(
        cells, k, row_labels=[f"r{i}" for i in range(len(cells))], column_labels=[f"c{j}" for j in range(len(cells[0]))]
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
@example(([[1, 1], [1, 1]], 5))  # every line "fewer than 5" would pin the cells: all are "not shown"
def test_released_tables_hide_every_small_cell_and_pin_none(table):
    cells, k = table
    result = _table(cells, k)
    full, released = _full(cells), _released(result)
    for i, row in enumerate(full):
        for j, value in enumerate(row):
            if 0 < value < k:  # hidden: as "fewer than k", or as "not shown" when even that would pin it
                assert result.reasons.get((i, j)) in {PRIMARY, WITHHELD}
            if released[i][j] is not None:
                assert released[i][j] == value
    _lines_have_no_single_hidden(result)
    for cell in result.reasons:
        assert _witness(full, released, result.reasons, k, cell) is not None, (cells, k, cell)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40) | st.integers(0, 6), min_size=1, max_size=8), st.integers(5, 15))
def test_released_lists_pin_nothing(counts, k):
    result = suppress_counts([(str(i), n) for i, n in enumerate(counts)], k)
    as_table = _full([[n] for n in counts])  # a one-column table: row totals repeat the cells
    released = [[row.cells[0].value, row.cells[0].value] for row in result.rows]
    reasons = {}
    for (i, _j), reason in result.reasons.items():
        reasons[(i, 0)] = reasons[(i, 1)] = reason
    assert sum(v is None for v in _released(result)[:-1] for v in v) != 1 or _released(result)[-1][0] is None
    for i, row in enumerate(result.rows):
        assert (row.cells[0].value is None) == (0 < as_table[i][0] < k or (i, 0) in result.reasons)
    for i, _j in result.reasons:
        assert _witness(as_table, released, reasons, k, (i, 0)) is not None, (counts, k, i)


def _brute_force_values(cells, result, k):
    """Every value each hidden cell takes over all tables agreeing with the release (hidden cells tried over what
    the reader knows of them, complementary ones up to 3k: enough to find a second value in these tables)."""
    released = _released(result)
    r, c = len(cells), len(cells[0])
    hidden = [(i, j) for i in range(r) for j in range(c) if released[i][j] is None]
    lowest = {PRIMARY: 1, COMPLEMENTARY: k, WITHHELD: 1}
    ranges = [
        range(1, k) if result.reasons[cell] == PRIMARY else range(lowest[result.reasons[cell]], 3 * k + 1)
        for cell in hidden
    ]
    seen: dict[tuple[int, int], set[int]] = {cell: set() for cell in result.reasons}
    for values in itertools.product(*ranges):
        candidate = [row[:] for row in cells]
        for (i, j), value in zip(hidden, values, strict=True):
            candidate[i][j] = value
        full = _full(candidate)
        if _consistent(full, released, result.reasons, k):
            for i, j in result.reasons:
                seen[(i, j)].add(full[i][j])
    return seen


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 14), min_size=2, max_size=2), min_size=2, max_size=2),
    st.integers(5, 6),
)
def test_brute_force_finds_two_values_for_every_hidden_cell_of_small_tables(cells, k):
    result = _table(cells, k)
    for cell, values in _brute_force_values(cells, result, k).items():
        assert len(values) >= 2, (cells, k, cell, values)
