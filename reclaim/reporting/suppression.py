"""Small-cell suppression for aggregate tables (DOMAIN.md §11: cells under k hidden, plus any cell the totals
would reveal).

The rule, for a list of counts with its total (`suppress_counts`) and for a table with row totals, column
totals and a grand total (`suppress_table`):

1. **Primary suppression.** Every count from 1 to k-1 is hidden and shown as "fewer than k", totals too.
   A true **zero is shown**: "no one" is not a small group that identifies anybody, and hiding zeros would
   hide most of a sparse table. (Because zeros are shown, a reader knows a "fewer than k" cell is 1 to k-1;
   step 2 takes that into account.)
2. **Complementary suppression.** Hiding a cell is useless if it can be worked out from what is shown: a row
   whose total is shown and with one hidden cell gives that cell by subtraction, and subtler patterns (two
   cells of 1 and 1 whose row says they add up to 2, given that each is at least 1) pin a value too. So after
   step 1 the released table is *audited*: for each hidden cell we ask whether another table exists that agrees
   with everything shown and with what a reader knows of the hidden cells ("fewer than k" cells are 1..k-1,
   other hidden cells are at least k, because only counts of k or more are ever hidden a second time). If no
   such table has a different value in that cell, the cell is pinned, and one more count is hidden (shown as
   "hidden"): the smallest non-zero shown count in the pinned cell's row or column, preferring the line where
   the pinned cell is the only hidden one. Repeat until nothing is pinned. If every non-zero count is hidden
   and the labels alone still pin a value (four "fewer than 5" cells and a "fewer than 5" total must be 1, 1,
   1, 1 and 4), every hidden cell is shown only as "not shown" (known to be non-zero, nothing more).

How the audit works. A table with its margins is a set of line equations (each row: cells = row total; each
column: cells = column total; the totals row and the total column likewise). Any other table agreeing with the
released numbers differs from the true one only in hidden cells, by a change that keeps every line's sum: an
alternating +1/-1 change around a cycle of hidden cells (row, column, row, ...). Model each line as a node and
each hidden cell as an edge between its two lines (margins with their sign flipped, so every line sums to
zero); a hidden cell can go up by one exactly when it has room below its upper bound and a path of other
hidden cells leads back around the cycle with room to move the opposite way (residual-graph reachability, as
in max-flow). The constraint matrix of such tables is totally unimodular, so "can move by a fraction" and
"can move by one" agree: a cell that cannot move either way is pinned, any other has at least two possible
values. A list with a total is the same with a single equation.

Tables must be additive (each person counted in exactly one cell); counts of people who may fall in several
categories (services by category) have no total equation and need only primary suppression.
Pure functions: no database.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PRIMARY = "primary"
COMPLEMENTARY = "complementary"
WITHHELD = "withheld"
MIN_K = 2  # the functions' floor; the agency policy's floor is reporting.models.MIN_K (5)

Cell = tuple[int, int]
Node = Hashable


def reason_text(reason: str, k: int) -> str:
    if reason == PRIMARY:
        return _("fewer than %(k)s") % {"k": k}
    if reason == COMPLEMENTARY:
        return _("hidden")
    if reason == WITHHELD:
        return _("not shown")
    return ""


@dataclass(frozen=True)
class DisplayCell:
    """One released number: `value` is None when hidden; `reason` is "", PRIMARY or COMPLEMENTARY."""

    value: int | None
    reason: str = ""
    text: str = ""

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class DisplayRow:
    label: str
    cells: tuple[DisplayCell, ...]
    is_total: bool = False


@dataclass(frozen=True)
class Suppressed:
    """A released table: what to show (`rows`, `column_headers`), which cells were hidden and why
    (`reasons`, keyed by (row, column) of the table *including* its total row and column, totals last), and a
    footer sentence (`explanation`)."""

    k: int
    caption: str
    column_headers: tuple[str, ...]
    rows: tuple[DisplayRow, ...]
    reasons: dict[Cell, str] = field(default_factory=dict)
    row_header: str = ""

    @property
    def primary_count(self) -> int:
        return sum(1 for reason in self.reasons.values() if reason == PRIMARY)

    @property
    def complementary_count(self) -> int:
        return sum(1 for reason in self.reasons.values() if reason == COMPLEMENTARY)

    def value(self, row: int, column: int) -> int | None:
        return self.rows[row].cells[column].value

    @property
    def withheld_count(self) -> int:
        return sum(1 for reason in self.reasons.values() if reason == WITHHELD)

    @property
    def explanation(self) -> str:
        parts = []
        if self.withheld_count:
            parts.append(
                _(
                    "“Not shown” marks a number that is not zero but is hidden: this table has so few people "
                    "that showing which numbers are under %(k)s would give them away."
                )
                % {"k": self.k}
            )
        if self.primary_count:
            parts.append(
                _(
                    "“Fewer than %(k)s” marks a number from 1 to %(under)s: small numbers are not shown, so that "
                    "no one can be recognised from them."
                )
                % {"k": self.k, "under": self.k - 1}
            )
        if self.complementary_count:
            parts.append(
                ngettext(
                    "“Hidden” marks %(n)s more number, hidden so a hidden number cannot be worked out from the totals.",
                    "“Hidden” marks %(n)s more numbers, hidden so a hidden number cannot be worked out from the "
                    "totals.",
                    self.complementary_count,
                )
                % {"n": self.complementary_count}
            )
        if not parts:
            parts.append(
                _("No number needed hiding: each is 0 or at least %(k)s.") % {"k": self.k},
            )
        else:
            parts.append(_("A 0 means no one."))
        return " ".join(parts)


def _check_counts(counts: Sequence[int], k: int) -> None:
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    for count in counts:
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError("counts must be whole numbers, 0 or more")


@dataclass
class _Lines:
    """The audit model: each cell is an edge between the two line-nodes it belongs to, with a sign making
    every node's signed sum zero."""

    values: dict[Cell, int]
    ends: dict[Cell, tuple[Node, Node]]
    sign: dict[Cell, int]
    k: int
    hidden: dict[Cell, str] = field(default_factory=dict)

    def bounds(self, cell: Cell) -> tuple[int, int | None]:
        """What a reader knows of a hidden cell (None: no upper bound)."""
        if self.hidden[cell] == PRIMARY:
            return 1, self.k - 1
        if self.hidden[cell] == WITHHELD:
            return 1, None
        return self.k, None

    def _residual(self, cell: Cell) -> tuple[bool, bool]:
        """(can go up, can go down) for the signed value of a hidden cell, by itself."""
        lo, hi = self.bounds(cell)
        value = self.values[cell]
        up, down = hi is None or value < hi, value > lo
        return (up, down) if self.sign[cell] > 0 else (down, up)

    def _reaches(self, source: Node, target: Node, skip: Cell) -> bool:
        """A path source -> target over the other hidden cells, each used in a direction it has room for
        (a cell from node a to node b moves its signed value up; from b to a, down)."""
        adjacency: dict[Node, list[Node]] = {}
        for cell in self.hidden:
            if cell == skip:
                continue
            a, b = self.ends[cell]
            up, down = self._residual(cell)
            if up:
                adjacency.setdefault(a, []).append(b)
            if down:
                adjacency.setdefault(b, []).append(a)
        seen, queue = {source}, deque([source])
        while queue:
            node = queue.popleft()
            if node == target:
                return True
            for nxt in adjacency.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    def pinned(self, cell: Cell) -> bool:
        a, b = self.ends[cell]
        up, down = self._residual(cell)
        return not ((up and self._reaches(b, a, cell)) or (down and self._reaches(a, b, cell)))

    def line(self, node: Node) -> list[Cell]:
        return [cell for cell, ends in self.ends.items() if node in ends]

    def run(self) -> dict[Cell, str]:
        self.hidden = {cell: PRIMARY for cell, value in sorted(self.values.items()) if 0 < value < self.k}
        while True:
            pinned = next((cell for cell in sorted(self.hidden) if self.pinned(cell)), None)
            if pinned is None:
                return self.hidden
            choice = self._complement(pinned)
            if choice is None:
                # Every non-zero count is hidden and the labels themselves still pin one (four cells of
                # "fewer than 5" and a total of "fewer than 5" must all be 1 and 4). Then no hidden cell says
                # more than "not zero": with only that known, any hidden cell can go up by one together with
                # its (hidden) totals, so nothing is pinned.
                return dict.fromkeys(self.hidden, WITHHELD)
            self.hidden[choice] = COMPLEMENTARY

    def _complement(self, pinned: Cell) -> Cell | None:
        def candidates(cells: list[Cell]) -> list[Cell]:
            return [c for c in cells if c not in self.hidden and self.values[c] > 0]

        lines = [self.line(node) for node in dict.fromkeys(self.ends[pinned])]
        alone = [line for line in lines if sum(1 for c in line if c in self.hidden) == 1]
        for pool in (*alone, [c for line in lines for c in line], list(self.values)):
            options = candidates(pool)
            if options:
                return min(options, key=lambda c: (self.values[c], self._opens_new_line(c), c))
        return None

    def _opens_new_line(self, cell: Cell) -> int:
        """1 when hiding the cell would leave some line with a single hidden cell (more to hide later)."""
        return sum(1 for node in self.ends[cell] if not any(c in self.hidden for c in self.line(node)))


def _display(value: int, reason: str, k: int) -> DisplayCell:
    if reason:
        return DisplayCell(None, reason, reason_text(reason, k))
    return DisplayCell(value, "", str(value))


def suppress_counts(
    items: Sequence[tuple[str, int]],
    k: int,
    *,
    caption: str = "",
    count_header: str = "",
    total_label: str = "",
) -> Suppressed:
    """A list of (label, count) and its total (their sum), suppressed. `reasons` keys are (index, 0), the total
    (len(items), 0)."""
    counts = [count for _label, count in items]
    _check_counts(counts, k)
    n = len(counts)
    values: dict[Cell, int] = {(i, 0): count for i, count in enumerate(counts)}
    values[(n, 0)] = sum(counts)
    # One equation, cells - total = 0: every cell is an edge between the same two nodes.
    sign = {cell: (-1 if cell[0] == n else 1) for cell in values}
    ends: dict[Cell, tuple[Node, Node]] = dict.fromkeys(values, ("sum", "parts"))
    reasons = _Lines(values, ends, sign, k).run()
    rows = [DisplayRow(label, (_display(count, reasons.get((i, 0), ""), k),)) for i, (label, count) in enumerate(items)]
    rows.append(DisplayRow(total_label or _("Total"), (_display(values[(n, 0)], reasons.get((n, 0), ""), k),), True))
    return Suppressed(k, caption, (count_header or _("Number"),), tuple(rows), dict(reasons))


def suppress_table(
    cells: Sequence[Sequence[int]],
    k: int,
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    caption: str = "",
    row_header: str = "",
    total_label: str = "",
) -> Suppressed:
    """A rows x columns table with its row totals, column totals and grand total, suppressed. `reasons` keys are
    (row, column) with the totals row at index len(rows) and the total column at len(columns)."""
    r, c = len(row_labels), len(column_labels)
    if len(cells) != r or any(len(row) != c for row in cells):
        raise ValueError("the table must have one row per row label and one cell per column label")
    _check_counts([v for row in cells for v in row], k)
    values: dict[Cell, int] = {(i, j): cells[i][j] for i in range(r) for j in range(c)}
    for i in range(r):
        values[(i, c)] = sum(cells[i])
    for j in range(c):
        values[(r, j)] = sum(cells[i][j] for i in range(r))
    values[(r, c)] = sum(values[(i, c)] for i in range(r))
    ends: dict[Cell, tuple[Node, Node]] = {(i, j): (("row", i), ("col", j)) for (i, j) in values}
    sign = {(i, j): (-1 if (i == r) != (j == c) else 1) for (i, j) in values}
    reasons = _Lines(values, ends, sign, k).run()
    total = total_label or _("Total")
    rows = tuple(
        DisplayRow(
            label,
            tuple(_display(values[(i, j)], reasons.get((i, j), ""), k) for j in range(c + 1)),
            is_total=i == r,
        )
        for i, label in enumerate([*row_labels, total])
    )
    return Suppressed(k, caption, (*column_labels, total), rows, dict(reasons), row_header)
