"""A page-number paginator that counts at most `bound` + 1 rows (issue 12).

Django's `Paginator` counts every row of the list (`SELECT COUNT(*)` through the whole access filter) to say
"Page 3 of 667". At 100,000 cases that count alone costs about 50 ms, and nobody pages to page 667: they filter.
`BoundedPaginator` counts in a subquery with `LIMIT bound + 1`, so the count stops early:

- up to `bound` rows the count, the number of pages and every page are exactly Django's;
- past it, `count_is_exact` is false, `count` is `bound + 1` (read it as "more than `bound`") and a page of any
  number can be asked for: it reads one row more than it shows to know whether there is a next page. A number
  past the end, or not a number, gives the first page (there is no known last page to fall back on).

With `rows`, the paginator pages through a list of keys and `rows` turns a page's slice of them (a queryset not yet
read) into the queryset of the rows shown, still one query per page: the keys are picked in a subquery before the
joins a row needs, so the database joins the rows of one page and not of every row it sorts (issue 12).

`counted_page` pages a list whose every row is shown on some page but that is read a page at a time, counting the
whole list in the page's own statement (`COUNT(*) OVER ()`): a page costs what the unpaged list cost in queries.
`page_of_known_count` pages a list whose length the page has already counted (in totals it shows anyway), so it
reads only the page's rows.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

DEFAULT_BOUND = 1000


class BoundedPaginator(Paginator[Any]):
    """A `Paginator` over a queryset whose count stops at `bound` + 1 rows (see the module's docstring)."""

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        *,
        bound: int = DEFAULT_BOUND,
        rows: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.bound = bound
        self.rows = rows

    def _rows_of(self, keys: Any) -> Any:
        return self.rows(keys) if self.rows is not None else keys

    @cached_property
    def count(self) -> int:
        """The number of rows, at most `bound` + 1. One query; the list's ordering is left out of it, so the
        database may stop at the first `bound` + 1 rows of any index that answers the filter."""
        rows = self.object_list
        assert isinstance(rows, QuerySet)  # noqa: S101 — a list would already be counted
        counted: int = rows.order_by().values("pk")[: self.bound + 1].count()
        return counted

    @property
    def count_is_exact(self) -> bool:
        return self.count <= self.bound

    def validate_number(self, number: Any) -> int:
        if self.count_is_exact:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            wanted = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if wanted < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return wanted

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.count_is_exact:
            if self.rows is None:
                return super().page(number)
            top = bottom + self.per_page
            if top + self.orphans >= self.count:  # as Django's: the orphans join the last page
                top = self.count
            return Page(self._rows_of(self.object_list[bottom:top]), number, self)
        rows = list(self._rows_of(self.object_list[bottom : bottom + self.per_page + 1]))
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return BoundedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    def get_page(self, number: Any) -> Page[Any]:
        """Like Django's, but past the bound a bad or too-high number gives the first page, not the last."""
        if self.count_is_exact:
            return super().get_page(number)
        try:
            return self.page(number)
        except InvalidPage:
            return self.page(1)


class BoundedPage(Page[Any]):
    """A page past the bound: it knows whether a next page exists from the extra row it read."""

    def __init__(self, object_list: Sequence[Any], number: int, paginator: BoundedPaginator, *, has_more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


def _page_number(asked: Any) -> int:
    """The page a request asks for: a bad or missing number is the first page, as Django's `get_page`."""
    try:
        number = int(asked)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def counted_page(rows: QuerySet[Any], asked: Any, per_page: int) -> Page[Any]:
    """The page `asked` of `rows` (ordered), read with the number of all of them in the same statement: one query
    for the page and its count, where a `Paginator` needs two. Each row carries `list_total`. A number past the end
    gives the last page, as `Paginator.get_page` does (then, and only then, the list is counted on its own)."""
    counted = rows.annotate(list_total=Window(Count("pk")))
    number = _page_number(asked)
    shown = list(counted[(number - 1) * per_page : number * per_page])
    if not shown and number > 1:
        number = max(1, -(-rows.count() // per_page))
        shown = list(counted[(number - 1) * per_page : number * per_page])
    total = shown[0].list_total if shown else 0
    return Page(shown, number, Paginator(range(total), per_page))


def page_of_known_count(total: int, asked: Any, per_page: int, read: Callable[[int, int], Sequence[Any]]) -> Page[Any]:
    """The page `asked` of a list of `total` rows, numbered as `Paginator.get_page` numbers it (a bad number is the
    first page, one past the end the last), with the rows `read(offset, limit)` gives: no count of its own."""
    frame = Paginator(range(total), per_page).get_page(asked)
    return Page(read((frame.number - 1) * per_page, per_page), frame.number, frame.paginator)
