"""Query helpers that keep a page's query count low without raw SQL (QUALITY.md: at most 12 per page).

- `JoinedText`: a text aggregate joining values with commas (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL),
  for reading a short list of ids alongside the row that owns them instead of in a query of their own.
- `count_of`: a scalar subquery counting the rows of a queryset, so that several counts from different tables
  can be read in one statement with `read_together`.
- `Counted` and `count_together`: many querysets' rows counted in one statement (a UNION ALL of one aggregate per
  queryset), each queryset's rows read once even when a subset of them is counted as well ("of which overdue").
- `checked_row_by_row`: "this row's case is one the user may see", written so that the database checks it on each
  row it walks instead of joining the user's cases first.
- `first_rows`: the opposite need, a page of an ordered query planned as if every row were read, so that the
  database joins what is small first instead of walking an index in the list's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Aggregate, Count, F, Func, IntegerField, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models import Expression, Q
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType


class JoinedText(Aggregate):
    """The group's values as text, joined with commas (in no particular order)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = TextField()

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any) -> _AsSqlType:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra_context,
        )


def count_of(rows: QuerySet[Any], *, limit: int | None = None) -> Coalesce:
    """A scalar subquery: how many rows `rows` has (at most `limit`, counted in the queryset's order); 0 for
    an empty queryset (`.none()`, which compiles to no subquery at all)."""
    if limit is not None or rows.query.distinct:
        # a LIMIT or a DISTINCT has to apply before counting: count the primary keys it keeps
        keep = rows.values("pk")[:limit] if limit is not None else rows.values("pk")
        rows = rows.model._base_manager.filter(pk__in=keep)
    counted = rows.order_by().annotate(_n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Coalesce(Subquery(counted.values("_n"), output_field=IntegerField()), 0)


def checked_row_by_row(rows: QuerySet[Any], outer_field: str) -> IsNull:
    """A condition for a filter: the outer row's `outer_field` is the pk of one of `rows`, checked on each outer
    row the database reads (a scalar subquery, found or not).

    For a query that walks an index in its own order and stops at a page: an agency's service records newest
    first, its open alerts. Written as EXISTS, PostgreSQL turns the check into a join and, misjudging how many
    cases a user has (a worker assigned to 5,000 of them is taken for 259: it assumes the assignments and the
    agency's cases are unrelated), leads with the user's cases and sorts all their rows instead: the service
    log's first page of such a worker read and sorted 22,500 records (180 ms) to show 50; walking the index it
    reads 70 (3 ms). PostgreSQL never turns a scalar subquery into a join."""
    return IsNull(Subquery(rows.filter(pk=OuterRef(outer_field)).values("pk")[:1]), False)


def first_rows(
    rows: QuerySet[Any], fields: Sequence[str], order: Sequence[str], *, limit: int, offset: int = 0
) -> list[tuple[Any, ...]]:
    """`rows.values_list(*fields)` sorted by `order` (names, "-" for descending; they need not be among `fields`),
    the rows from `offset`, at most `limit`, planned as if every row were read.

    PostgreSQL plans a statement with a LIMIT for its first rows: it walks the rows in the list's order (an index,
    or a sort of the agency's rows) and checks the other conditions on each one, trusting its guess that many
    pass. When few pass (a supervisor with no case of their own among the agency's 16,000 reassessment dates),
    it reads everything to find nothing: 30-40 ms where joining the user's cases first takes 2. Here the query
    is a subquery behind `OFFSET 0`, which PostgreSQL plans on its own and for all its rows, and the outer
    statement sorts and cuts. For a worker with thousands of cases that is 31 ms instead of reading their
    16,000 rows into Python (160 ms). The fields' converters run as for `values_list`. Other databases get the
    plain slice."""
    names = [name.removeprefix("-") for name in order]
    columns = [*fields, *(name for name in names if name not in fields)]
    values = rows.values_list(*columns).order_by(*order)
    if connections[values.db].vendor != "postgresql":
        return [tuple(row[: len(fields)]) for row in values[offset : offset + limit]]
    compiler = values.query.get_compiler(using=values.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # e.g. the cases of `.none()`: no statement, as iterating the queryset does
        return []
    selected = [alias for _expression, _sql, alias in compiler.select]  # the statement's columns, by name
    outer = ", ".join(
        f"{selected.index(name) + 1}{' DESC' if term.startswith('-') else ''}"
        for term, name in zip(order, names, strict=True)
    )
    with connections[values.db].cursor() as cursor:
        cursor.execute(
            # Django's compiled SQL and column numbers; the values are parameters
            f"SELECT * FROM ({sql} OFFSET 0) AS fenced ORDER BY {outer} LIMIT %s OFFSET %s",  # noqa: S608  # nosec B608
            [*params, limit, offset],
        )
        found = compiler.results_iter(results=[cursor.fetchall()])
        return [tuple(row[selected.index(name)] for name in fields) for row in found]


def read_together(row: QuerySet[Any], **values: Expression | Subquery | Coalesce) -> dict[str, Any]:
    """Several scalar subqueries in one statement, selected beside `row`, a queryset of one row known to exist
    (the signed-in user, their agency). Returns {name: value}."""
    if not values:
        return {}
    found = row.order_by().annotate(**values).values(*values).first()
    if found is None:
        raise LookupError("read_together needs a row that exists")
    return dict(found)


@dataclass(frozen=True)
class Counted:
    """Rows to count with `count_together`: the rows of `rows` (at most `limit`, in the queryset's order), and
    how many of them also match `subset` (none, when None)."""

    rows: QuerySet[Any]
    subset: Q | None = None
    limit: int | None = None


def _aggregate(key: int, part: Counted) -> QuerySet[Any]:
    """One row (key, n, m): the part's rows and its subset counted in one pass over them."""
    rows = part.rows
    if part.limit is not None or rows.query.distinct:
        # a LIMIT or a DISTINCT has to apply before counting: count the primary keys it keeps
        keep = rows.values("pk")[: part.limit] if part.limit is not None else rows.values("pk")
        rows = rows.model._base_manager.filter(pk__in=keep)
    subset = Count("pk", filter=part.subset) if part.subset is not None else Value(0, output_field=IntegerField())
    # no GROUP BY (the key is a constant): one row, zeros when nothing matches
    keyed = rows.order_by().annotate(_key=Value(key, output_field=IntegerField())).values("_key")
    counted: QuerySet[Any] = keyed.annotate(_n=Count("pk"), _m=subset).values("_key", "_n", "_m")
    return counted


def count_together(parts: Sequence[Counted]) -> list[tuple[int, int]]:
    """(rows, rows in the subset) for each part, in the order given, read in one statement: a UNION ALL of one
    aggregate per part, so each part's rows are read once (two scalar subqueries, one per number, read them
    twice). No statement when every part is empty (`.none()`)."""
    found = dict.fromkeys(range(len(parts)), (0, 0))
    queries = [_aggregate(key, part) for key, part in enumerate(parts) if not part.rows.query.is_empty()]
    if queries:
        union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        for row in union:
            found[row["_key"]] = (row["_n"], row["_m"])
    return [found[key] for key in range(len(parts))]
