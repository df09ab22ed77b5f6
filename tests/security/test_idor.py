"""IDOR across agencies: agency B's staff, whatever their role, get 404 (or 403) on every agency-A object id, through
every route and API operation, reads and writes alike.

The cases come from the permission matrix (tests/test_permission_matrix.py): every entry whose path carries an id,
whose object the matrix keeps from B's case manager and B's admin (so not a referral sent to B, a public directory
entry or a shared code list). For each, the roles that reach the object in agency A are taken from the matrix, and
their twins in agency B (same role, B's team) make the same request. The matrix itself tries only B's case manager
and B's admin; the twins add B's directors, supervisors, clinicians, legal advocates and the roles without cases.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import get_resolver

from conftest import STAFF_PERSONAS, login_client
from tests.test_permission_matrix import API_MATRIX, MATRIX, _walk

REFUSED = {403, 404}
# Staff roles whose twins are tried first: the matrix already tries a B case manager and a B admin.
PREFERENCE = [
    "program_director",
    "supervisor",
    "clinician",
    "legal_advocate",
    "outreach_coordinator",
    "analyst",
    "volunteer",
    "partner_user",
    "agency_admin",
    "case_manager",
]
assert sorted(PREFERENCE) == sorted(STAFF_PERSONAS)
TWINS_PER_ENTRY = 2
BATCHES = 6


def _reaching(table: dict[str, int]) -> list[str]:
    """Agency A's staff roles that get past the gate (any answer but 401, 403, 404), broadest first."""
    return [role for role in PREFERENCE if table[role] not in (401, 403, 404)][:TWINS_PER_ENTRY]


def _kept_from_b(table: dict[str, int]) -> bool:
    return table["other_agency_user"] in REFUSED and table["other_agency_admin"] in REFUSED


def _routes_with_ids() -> set[str]:
    return {name for name, pattern in _walk(get_resolver().url_patterns) if pattern.pattern.regex.groups}


def _cases() -> list[tuple[str, Any, str]]:
    """(kind, key, role) for every matrix entry with an agency-A id in its path and a role of A that reaches it."""
    with_ids = _routes_with_ids()
    cases: list[tuple[str, Any, str]] = []
    for name, (_method, _url, table) in sorted(MATRIX.items()):
        if name in with_ids and table["survivor"] == 404 and _kept_from_b(table):
            cases += [("route", name, role) for role in _reaching(table)]
    for operation, entry in sorted(API_MATRIX.items()):
        if "{" in operation[1] and _kept_from_b(entry[1]):
            cases += [("api", operation, role) for role in _reaching(entry[1])]
    return cases


CASES = _cases()


def _request(kind: str, key: Any, user: Any, objects: dict[str, Any]) -> int:
    client = login_client(user)
    if kind == "route":
        method, build_url, _table = MATRIX[key]
        return getattr(client, method)(build_url(objects)).status_code
    method, _path = key
    entry = API_MATRIX[key]
    url = entry[0](objects)
    body = entry[2](objects) if len(entry) > 2 and entry[2] is not None else None
    if body is None:
        return getattr(client, method)(url).status_code
    if len(entry) > 3 and entry[3] == "multipart":
        return getattr(client, method)(url, body).status_code
    return getattr(client, method)(url, body, content_type="application/json").status_code


def test_the_cases_cover_most_of_the_matrix():
    # given the matrix entries with ids in their paths; then nearly all are tried, reads and writes, pages and API
    routes = {key for kind, key, _role in CASES if kind == "route"}
    operations = {key for kind, key, _role in CASES if kind == "api"}
    assert len(routes) > 200
    assert len(operations) > 200
    assert any(MATRIX[route][0] == "post" for route in routes)
    assert {method for method, _path in operations} >= {"get", "post", "put", "delete"}


@pytest.mark.parametrize("batch", range(BATCHES))
def test_agency_b_staff_cannot_reach_agency_a_objects(batch, twins, objects):
    # given agency A's objects (one build shared by the batch: every request is refused, so nothing changes)
    failures = {}
    for kind, key, role in CASES[batch::BATCHES]:
        # when B's member with the same role as A's member who reaches the object asks for it by id
        status = _request(kind, key, twins[role], objects)
        # then the answer is 404 (or 403), as for an id that does not exist
        if status not in REFUSED:
            failures[f"{kind} {key} as B's {role}"] = status
    assert failures == {}
