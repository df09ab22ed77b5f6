"""k-anonymity over quasi-identifiers by local generalisation and suppression (DOMAIN.md §11).

Pure: rows are dicts of codes; no database. A quasi-identifier (QI) is a column an outsider could know about
someone (age band, gender, country, year, type of exploitation). After `k_anonymise`, every combination of QI
values in the released rows is shared by at least k rows:

1. Group the rows by their QI combination. Rows in a group smaller than k are "rare".
2. For each QI, try making it one step coarser for every rare row (an age band becomes "Minor" or "Adult", a
   year a five-year span, anything at the top of its ladder "not shown"). Keep the QI whose step leaves the
   fewest rows rare (ties: the order the QIs are listed in). Rows in groups of k or more are never touched.
3. Repeat until no row is rare, or every rare row shows nothing for every QI; rows still rare then (fewer than
   k rows with every QI "not shown") are left out of the release.

Columns that reveal a QI (the kind of sexual exploitation reveals the type of exploitation) are listed as its
`dependents`: whenever the QI is coarsened on a row, they become "not shown" too.

Known limits (DOMAIN.md §11): k-anonymity misses homogeneity (k people who share a QI combination may share
their other columns too) and repeated, overlapping releases; those need differential privacy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

SUPPRESSED = "not shown"
MAX_STEPS = 10  # the longest generalisation ladder followed before a value is simply suppressed


def _to_suppressed(_value: str) -> str:
    return SUPPRESSED


@dataclass(frozen=True)
class QuasiIdentifier:
    """A QI column and its generalisation ladder: `coarser(value)` is the next, less precise value."""

    column: str
    coarser: Callable[[str], str] = _to_suppressed
    dependents: tuple[str, ...] = ()

    @staticmethod
    def from_parents(column: str, parents: Mapping[str, str], dependents: tuple[str, ...] = ()) -> QuasiIdentifier:
        """A ladder given as data: each value's parent; a value without one goes straight to "not shown"."""
        return QuasiIdentifier(column, lambda value: parents.get(value, SUPPRESSED), dependents)

    def step(self, value: Any) -> str:
        if value == SUPPRESSED:
            return SUPPRESSED
        coarser = self.coarser(str(value))
        return SUPPRESSED if coarser == value else coarser


@dataclass
class KAnonResult:
    rows: list[dict[str, Any]]
    k: int
    columns: tuple[str, ...]  # the QI columns, in order
    generalised: dict[str, int] = field(default_factory=dict)  # values made coarser but still shown, per column
    suppressed: dict[str, int] = field(default_factory=dict)  # values replaced by "not shown", per column
    dropped: int = 0  # rows left out: fewer than k rows even with every QI "not shown"

    def combination_sizes(self) -> Counter[tuple[Any, ...]]:
        return Counter(tuple(row[column] for column in self.columns) for row in self.rows)

    def as_summary(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "quasi_identifiers": list(self.columns),
            "generalised": dict(self.generalised),
            "suppressed": dict(self.suppressed),
            "dropped_rows": self.dropped,
            # What the page and the file say: a count of people left out is a count too, so under k it is not given.
            "dropped_rows_text": dropped_text(self.dropped, self.k),
            "released_rows": len(self.rows),
        }


def dropped_text(dropped: int, k: int) -> str:
    """The number of rows left out as released: the number, or "fewer than k" for 1 to k-1."""
    return f"fewer than {k}" if 0 < dropped < k else str(dropped)


def _key(row: Mapping[str, Any], columns: Sequence[str]) -> tuple[Any, ...]:
    return tuple(row[column] for column in columns)


def _rare_count(keys: Sequence[tuple[Any, ...]], k: int) -> int:
    sizes = Counter(keys)
    return sum(size for size in sizes.values() if size < k)


def k_anonymise(rows: Sequence[Mapping[str, Any]], qis: Sequence[QuasiIdentifier], k: int) -> KAnonResult:
    """Rows whose QI combinations are each shared by at least k released rows (see the module docstring)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    columns = tuple(qi.column for qi in qis)
    work = [dict(row) for row in rows]
    original = [dict(row) for row in rows]
    steps_left = [dict.fromkeys(columns, MAX_STEPS) for _ in work]
    while True:
        keys = [_key(row, columns) for row in work]
        sizes = Counter(keys)
        rare = [i for i, key in enumerate(keys) if sizes[key] < k]
        if not rare:
            break
        best_score: tuple[int, int] | None = None
        best_moves: dict[int, str] = {}
        for position, qi in enumerate(qis):
            moves = {
                i: (qi.step(work[i][qi.column]) if steps_left[i][qi.column] > 0 else SUPPRESSED)
                for i in rare
                if work[i][qi.column] != SUPPRESSED
            }
            if not moves:
                continue
            trial = list(keys)
            for i, value in moves.items():
                trial[i] = (*keys[i][:position], value, *keys[i][position + 1 :])
            score = (_rare_count(trial, k), position)
            if best_score is None or score < best_score:
                best_score, best_moves = score, moves
        if best_score is None:
            break  # every rare row already shows nothing for any QI
        qi = qis[best_score[1]]
        for i, value in best_moves.items():
            work[i][qi.column] = value
            steps_left[i][qi.column] -= 1
    return _release(work, original, qis, k)


def _release(
    work: list[dict[str, Any]], original: list[dict[str, Any]], qis: Sequence[QuasiIdentifier], k: int
) -> KAnonResult:
    """Drop rows still rare, hide the dependents of coarsened QIs, and count what was changed."""
    columns = tuple(qi.column for qi in qis)
    keys = [_key(row, columns) for row in work]
    sizes = Counter(keys)
    result = KAnonResult(rows=[], k=k, columns=columns)
    result.generalised = dict.fromkeys(columns, 0)
    result.suppressed = dict.fromkeys(columns, 0)
    for qi in qis:
        for dependent in qi.dependents:
            result.suppressed.setdefault(dependent, 0)
    for row, before, key in zip(work, original, keys, strict=True):
        if sizes[key] < k:
            result.dropped += 1
            continue
        for qi in qis:
            if row[qi.column] == before[qi.column]:
                continue
            if row[qi.column] == SUPPRESSED:
                result.suppressed[qi.column] += 1
            else:
                result.generalised[qi.column] += 1
            for dependent in qi.dependents:
                if row.get(dependent) not in {None, "", SUPPRESSED}:
                    row[dependent] = SUPPRESSED
                    result.suppressed[dependent] += 1
        result.rows.append(row)
    return result
