"""core.paging: BoundedPaginator (exact below its bound, "more than" above it, and pages past the bound) and
counted_page (a page and its count in one statement), page_of_known_count (a page of a list counted elsewhere)."""

from __future__ import annotations

import pytest

from reclaim.core.models import Term, Vocabulary
from reclaim.core.paging import BoundedPaginator, counted_page, page_of_known_count


@pytest.fixture
def terms(db):
    """A queryset of eleven terms, in `sort` order."""
    vocabulary = Vocabulary.objects.create(code="test-paging", name="Paging")
    Term.objects.bulk_create(Term(vocabulary=vocabulary, code=f"t{n:02}", label=f"term {n}", sort=n) for n in range(11))
    return Term.objects.filter(vocabulary=vocabulary).order_by("sort")


def sorts(page):
    return [term.sort for term in page.object_list]


def test_below_the_bound_the_count_and_pages_are_exact(terms, django_assert_num_queries):
    # given a bound above the number of rows
    paginator = BoundedPaginator(terms, 4, bound=11)
    # when the last page is asked for
    with django_assert_num_queries(2):  # the bounded count, then the page
        page = paginator.get_page(3)
        rows = sorts(page)
    # then the count is exact, and the page is Django's own
    assert paginator.count == 11
    assert paginator.count_is_exact
    assert paginator.num_pages == 3
    assert rows == [8, 9, 10]
    assert not page.has_next()
    assert page.has_previous()
    # and a page past the end falls back on the last page, as Django's get_page does
    assert sorts(paginator.get_page(99)) == [8, 9, 10]


def test_above_the_bound_the_count_stops_and_says_more(terms, django_assert_num_queries):
    # given a bound below the number of rows
    paginator = BoundedPaginator(terms, 4, bound=5)
    # when the count is read
    with django_assert_num_queries(1):
        counted = paginator.count
    # then it stops at the bound + 1, and says it is not exact
    assert counted == 6
    assert not paginator.count_is_exact
    # and the first page still knows there is a next one
    first = paginator.get_page(None)
    assert sorts(first) == [0, 1, 2, 3]
    assert first.has_next()
    assert first.next_page_number() == 2
    assert not first.has_previous()


def test_pages_past_the_bound_can_be_reached_and_end_where_the_rows_end(terms, django_assert_num_queries):
    # given a bound of 5 rows over eleven, four a page: the bound ends on page 2
    paginator = BoundedPaginator(terms, 4, bound=5)
    # when page 3 (rows 9 to 11) is asked for
    with django_assert_num_queries(2):  # the bounded count, then the page with one row more
        page = paginator.get_page("3")
        rows = sorts(page)
    # then it holds the last rows, knows it is the last page, and numbers its rows
    assert rows == [8, 9, 10]
    assert not page.has_next()
    assert page.has_previous()
    assert page.previous_page_number() == 2
    assert (page.start_index(), page.end_index()) == (9, 11)
    # and a full page just before the end knows a next page exists
    assert paginator.get_page(2).has_next()


def test_past_the_bound_a_bad_or_too_high_number_gives_the_first_page(terms):
    paginator = BoundedPaginator(terms, 4, bound=5)
    for number in ("99", "abc", "0", "-2", "2.5", None):
        # when a page that does not exist, or is not a number, is asked for
        page = paginator.get_page(number)
        # then the first page answers (no last page is known)
        assert page.number == 1, number
        assert sorts(page) == [0, 1, 2, 3]


def test_the_count_leaves_the_order_and_related_rows_out(terms, django_assert_num_queries):
    # given a list ordered and joined as a page would be
    paginator = BoundedPaginator(terms.select_related("vocabulary"), 4, bound=5)
    # when counted
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 6
    # then the statement neither sorts nor joins: it counts at most bound + 1 keys
    sql = captured.captured_queries[0]["sql"].upper()
    assert "ORDER BY" not in sql
    assert "JOIN" not in sql
    assert "LIMIT 6" in sql


@pytest.mark.parametrize("bound", [11, 5], ids=["below the bound", "past the bound"])
def test_rows_turn_a_page_of_keys_into_its_rows_in_one_query(terms, bound, django_assert_num_queries):
    # given a list of keys, and rows that are read for the keys of one page (joined there, as the case list does)
    def rows(keys):
        return Term.objects.filter(pk__in=keys).select_related("vocabulary").order_by("sort")

    paginator = BoundedPaginator(terms.values("pk"), 4, bound=bound, rows=rows)
    # when page 2 is read
    with django_assert_num_queries(2) as captured:  # the bounded count, then the page's rows
        page = paginator.get_page(2)
        read = [(term.sort, term.vocabulary.code) for term in page.object_list]
    # then it holds the rows of that page's keys only, joined in the page's query, which picks the keys inside
    assert read == [(4, "test-paging"), (5, "test-paging"), (6, "test-paging"), (7, "test-paging")]
    assert page.has_next()
    page_sql = captured.captured_queries[1]["sql"].upper()
    assert "JOIN" in page_sql
    assert page_sql.count("SELECT") == 2  # the keys' slice is a subquery


def test_counted_page_reads_a_page_and_the_count_in_one_query(terms, django_assert_num_queries):
    # when the second page of four is asked for
    with django_assert_num_queries(1):
        page = counted_page(terms, "2", 4)
        rows = sorts(page)
        total = page.paginator.count
    # then it holds rows 4-7, knows all eleven, and the pages around it
    assert rows == [4, 5, 6, 7]
    assert total == 11
    assert page.paginator.num_pages == 3
    assert (page.start_index(), page.end_index()) == (5, 8)
    assert page.has_previous()
    assert page.has_next()


@pytest.mark.parametrize(("asked", "expected"), [(None, [0, 1, 2, 3]), ("x", [0, 1, 2, 3]), ("-2", [0, 1, 2, 3])])
def test_counted_page_gives_the_first_page_for_a_missing_or_bad_number(terms, asked, expected):
    assert sorts(counted_page(terms, asked, 4)) == expected


def test_counted_page_past_the_end_gives_the_last_page(terms, django_assert_num_queries):
    # when a page past the end is asked for: the empty read, the count, the last page
    with django_assert_num_queries(3):
        page = counted_page(terms, 99, 4)
    assert page.number == 3
    assert sorts(page) == [8, 9, 10]
    assert not page.has_next()


def test_counted_page_of_nothing_is_one_empty_page(terms):
    page = counted_page(terms.none(), 5, 4)
    assert page.number == 1
    assert list(page.object_list) == []
    assert page.paginator.count == 0
    assert not page.has_other_pages()


@pytest.mark.parametrize(
    ("asked", "number", "expected"), [("2", 2, [4, 5, 6, 7]), ("x", 1, [0, 1, 2, 3]), (99, 3, [8, 9, 10])]
)
def test_page_of_known_count_reads_only_its_rows(terms, asked, number, expected, django_assert_num_queries):
    # given eleven rows counted elsewhere, four to a page
    reads = []

    def read(offset, limit):
        reads.append((offset, limit))
        return list(terms[offset : offset + limit])

    # when a page is asked for, then it reads only that page (one query) and is numbered as get_page numbers it
    with django_assert_num_queries(1):
        page = page_of_known_count(11, asked, 4, read)
    assert (page.number, sorts(page)) == (number, expected)
    assert reads == [((number - 1) * 4, 4)]
    assert page.paginator.num_pages == 3
