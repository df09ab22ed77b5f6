"""cases_for_user within a page that shares its reads (the case overview and timeline, the home page): built once,
and each caller gets its own copy, so rows one caller reads never answer another caller later in the page. The
case gate's marked query, built once per process, narrowed to each user's cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef

from reclaim.cases.access import access_case_by_id
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseFlag
from reclaim.cases.selectors import (
    _case_page_marks,
    _marked_cases,
    cases_for_user,
    marked_cases,
    register_case_page_mark,
    with_page_marks,
)
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


@pytest.mark.parametrize(
    "persona", ["case_manager", "supervisor", "program_director", "legal_advocate", "other_agency_user"]
)
def test_the_gate_reads_the_marked_cases_narrowed_to_the_users_own(personas, case, persona):
    """The gate combines the marked query, built once per process, with the user's cases: the statement is the one
    the marks gave the user's cases before, so the access rule is unchanged, for every scope of case roles."""
    user = personas[persona]
    before = with_page_marks(cases_for_user(user).select_related("survivor", "team", "lead_worker"))
    now = marked_cases() & cases_for_user(user)
    assert str(now.filter(pk=case.pk).query) == str(before.filter(pk=case.pk).query)
    assert marked_cases() is marked_cases()  # built once
    assert (
        list(now) == list(before) == ([case] if persona in {"case_manager", "supervisor", "program_director"} else [])
    )


@pytest.mark.parametrize("persona", ["analyst", "platform_operator"])
def test_the_gate_of_a_user_who_sees_no_case_reads_nothing(personas, case, persona):
    assert list(marked_cases() & cases_for_user(personas[persona])) == []


def test_a_mark_registered_later_is_read_by_the_gate(personas, case):
    marked_cases()
    register_case_page_mark("has_any_flag", lambda: Exists(CaseFlag.objects.filter(case=OuterRef("pk"))))
    try:
        gated = access_case_by_id(personas["case_manager"], case.pk)
        assert getattr(gated, "has_any_flag") is False  # noqa: B009 — an annotation the type checker cannot see
    finally:
        _case_page_marks.pop("has_any_flag")
        _marked_cases.clear()


def test_the_gates_read_finds_each_marks_rows_by_the_case(personas, case):
    """Every subquery of the gate's read is an index search led by the case (or by its agency and the case), never
    a walk of an index that holds other cases' rows: SQLite, which keeps no statistics unless told to, read the
    follow-up notice through the sweep index (every contact of a status: 44 ms at the reference set) until the
    case's own index existed. PostgreSQL chooses from its statistics, which nearly empty test tables do not give
    (at the reference set its plan uses the same index, BENCHMARKS.md): there the index is checked to exist."""
    user = personas["case_manager"]
    sql, params = (marked_cases() & cases_for_user(user)).filter(pk=case.pk).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'cases_followup_case_status'")
            assert "(case_id, status, is_current)" in cursor.fetchone()[0]
            return
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "cases_followup_sweep" not in plan, plan
    assert plan.count("USING INDEX cases_followup_case_status (case_id=? AND status=?)") == 2, plan
    assert "SCAN " not in plan, plan
