"""The shared previous/next links of paginated lists (`base.html#pager`), rendered on their own: the list pages that
include it are tested through their views."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.template.loader import get_template


def _pager(page, **context) -> str:
    return " ".join(get_template("base.html#pager").render({"page": page, **context}).split())


def test_one_page_shows_no_links():
    assert _pager(Paginator(range(5), 10).page(1), label="Task pages") == ""


def test_a_middle_page_links_both_ways_with_the_lists_other_parameters():
    html = _pager(Paginator(range(50), 10).page(3), label="Service log pages", query="kind=counselling")

    assert 'aria-label="Service log pages"' in html
    assert 'href="?kind=counselling&page=2" rel="prev">Previous page</a>' in html
    assert "<span>Page 3 of 5</span>" in html
    assert 'href="?kind=counselling&page=4" rel="next">Next page</a>' in html
    assert "First page" not in html


def test_a_list_names_its_own_direction_words():
    html = _pager(
        Paginator(range(50), 10).page(2),
        label="Timeline pages",
        pager_previous="Newer events",
        pager_next="Older events",
    )

    assert 'href="?page=1" rel="prev">Newer events</a>' in html
    assert 'href="?page=3" rel="next">Older events</a>' in html


def test_an_uncounted_list_shows_the_page_number_alone_and_a_way_back_to_the_first():
    # BoundedPaginator past its bound: it knows there is a next page, not how many there are
    paginator = SimpleNamespace(count_is_exact=False, num_pages=1)
    page = SimpleNamespace(
        number=4,
        paginator=paginator,
        has_other_pages=True,
        has_previous=True,
        has_next=True,
        previous_page_number=3,
        next_page_number=5,
    )

    html = _pager(page, label="Case list pages")

    assert 'href="?page=1">First page</a>' in html
    assert "<span>Page 4</span>" in html
    assert " of " not in html
    assert 'href="?page=5" rel="next">' in html
