"""The case list's bounded count (issue 12): exact up to the bound, "more than" past it, pages past it reachable.

The bound (1,000) and the page size (50) are made small here so that seven cases cross them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.state import CaseStatus
from reclaim.cases.views import case as case_views
from reclaim.people.actions import do_create_survivor
from reclaim.people.ages import AgeBand


@pytest.fixture
def seven_cases(personas, agency, team):
    """Seven cases of one team, the first two in danger now; numbers in the order they were opened."""
    survivor = do_create_survivor(actor=None, agency=agency, reference="B-1", team=team)
    return [
        do_open_case(actor=personas["case_manager"], survivor=survivor, team=team, danger_now=n < 2) for n in range(7)
    ]


@pytest.fixture
def small_pages(monkeypatch):
    # the list's settings, not its behaviour: two cases a page, a count that stops after three
    monkeypatch.setattr(case_views, "LIST_PAGE_SIZE", 2)
    monkeypatch.setattr(case_views, "LIST_COUNT_BOUND", 3)


def listed(response):
    return [case.number for case in response.context["page"].object_list]


def test_past_the_bound_the_list_says_more_than_and_pages_without_a_total(personas, seven_cases, small_pages):
    client = login_client(personas["supervisor"])
    # when the first page of all seven cases is shown, oldest number first
    response = client.get(reverse("cases:list"), {"sort": "number"})
    html = response.content.decode()
    # then the count stops at the bound and says so, and the page has no total of pages
    assert "More than 3 cases." in html
    assert "7 cases" not in html
    assert "Page 1</span>" in html
    assert " of " not in html.split('aria-label="Case list pages"', 1)[1].split("</nav>", 1)[0]
    assert listed(response) == [case.number for case in seven_cases[:2]]
    assert "page=2" in html


def test_pages_past_the_bound_are_reached_and_the_last_has_no_next(personas, seven_cases, small_pages):
    client = login_client(personas["supervisor"])
    # when page 4 (the seventh case alone; the bound ended on page 2) is asked for, with the filter kept
    response = client.get(reverse("cases:list"), {"sort": "number", "page": "4"})
    html = response.content.decode()
    # then it shows the last case, links back to the first and previous pages and has no next page
    assert listed(response) == [seven_cases[6].number]
    assert "Page 4</span>" in html
    assert "sort=number&page=1" in html
    assert "First page" in html
    assert "sort=number&page=3" in html
    assert 'rel="next"' not in html
    # and a page past the end shows the first page rather than an error
    assert listed(client.get(reverse("cases:list"), {"sort": "number", "page": "9"})) == [
        case.number for case in seven_cases[:2]
    ]


def test_below_the_bound_the_count_and_the_pages_are_exact(personas, seven_cases, small_pages):
    client = login_client(personas["supervisor"])
    # when a filter leaves two cases, below the bound of three
    response = client.get(reverse("cases:list"), {"danger": "on"})
    html = response.content.decode()
    # then the count is exact and there is one page
    assert "2 cases." in html
    assert "More than" not in html
    assert sorted(listed(response)) == sorted(case.number for case in seven_cases[:2])


def test_the_rows_show_the_stage_and_age_band_labels(personas, seven_cases):
    client = login_client(personas["supervisor"])
    # when the list is shown with its real bound, in Spanish
    response = client.get(reverse("cases:list"), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    # then the count is exact, and each row's stage and age band are the choices' translated labels
    assert len(listed(response)) == 7
    assert "7 casos." in html
    with translation.override("es"):
        stage, band = str(CaseStatus.IDENTIFIED.label), str(AgeBand.UNKNOWN.label)
    assert stage != "Identified"
    assert html.count(f"<td>{stage}</td>") == 7
    assert html.count(f"<td>{band}</td>") == 7
