"""Query helpers that keep a page's query count low without raw SQL (QUALITY.md: at most 12 per page).

- `JoinedText`: a text aggregate joining values with commas (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL),
  for reading a short list of ids alongside the row that owns them instead of in a query of their own.
- `count_of`: a scalar subquery counting the rows of a queryset, so that several counts from different tables
  can be read in one statement with `read_together`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Aggregate, F, Func, IntegerField, QuerySet, Subquery, TextField
from django.db.models.functions import Coalesce

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models import Expression
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


def read_together(row: QuerySet[Any], **values: Expression | Subquery | Coalesce) -> dict[str, Any]:
    """Several scalar subqueries in one statement, selected beside `row`, a queryset of one row known to exist
    (the signed-in user, their agency). Returns {name: value}."""
    if not values:
        return {}
    found = row.order_by().annotate(**values).values(*values).first()
    if found is None:
        raise LookupError("read_together needs a row that exists")
    return dict(found)
