"""CI's PostgreSQL pass runs only the tests that use a database (`--database-tests-only`, conftest.py): a test
that asks for one in any of pytest-django's ways is kept, one that touches none is left out."""

from __future__ import annotations

import pytest

from conftest import uses_a_database


def test_a_test_without_a_database_is_left_out(request):
    assert not uses_a_database(request.node)


@pytest.mark.django_db
def test_the_django_db_marker_keeps_a_test(request):
    assert uses_a_database(request.node)


def test_a_fixture_that_needs_the_database_keeps_a_test(request, personas):
    # `personas` asks for `db` itself: the fixture closure counts, not only the test's own arguments
    assert uses_a_database(request.node)


def test_a_live_server_keeps_a_test(request, live_server):
    assert uses_a_database(request.node)
