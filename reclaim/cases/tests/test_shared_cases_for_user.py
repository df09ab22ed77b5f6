"""cases_for_user within a page that shares its reads (the case overview and timeline, the home page): built once,
and each caller gets its own copy, so rows one caller reads never answer another caller later in the page."""

from __future__ import annotations

import pytest

from reclaim.cases.actions import do_open_case
from reclaim.cases.selectors import cases_for_user
from reclaim.core.memo import shared_reads


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


def test_each_caller_gets_a_copy_of_the_shared_queryset(personas, case, survivor_a):
    user = personas["case_manager"]
    with shared_reads(user):
        first = cases_for_user(user)
        assert list(first) == [case]
        second = cases_for_user(user)
        assert second is not first
        assert second._result_cache is None  # not the rows `first` read
        assert str(second.query) == str(first.query)
        # a case opened later in the same page shows up for the next caller
        later = do_open_case(actor=user, survivor=survivor_a, team=survivor_a.team)
        assert set(cases_for_user(user)) == {case, later}
