"""Cursor pagination, limits and sort allowlists: the same contract on every list of /api/v1."""

from __future__ import annotations

import pytest

from conftest import login_client
from reclaim.api.api import api
from reclaim.api.openapi import implied_errors
from reclaim.api.pagination import PageQuery, paginate
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case
from reclaim.people.actions import do_create_survivor


@pytest.fixture
def many_cases(personas, agency, team):
    for i in range(12):
        survivor = do_create_survivor(actor=None, agency=agency, reference=f"P-{i}", team=team)
        do_open_case(actor=personas["case_manager"], survivor=survivor, team=team)
    return Case.objects.filter(agency=agency)


def _walk(client, url, params):
    seen, cursor, pages = [], None, 0
    while True:
        response = client.get(url, {**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["id"] for row in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages
        assert isinstance(cursor, str) and cursor.isascii()


@pytest.mark.parametrize("sort", ["-updated_at", "updated_at", "number", "-number", "status"])
def test_walking_every_page_shows_each_case_once_in_a_stable_order(personas, many_cases, sort, assert_max_queries):
    client = login_client(personas["supervisor"])
    seen, pages = _walk(client, "/api/v1/cases", {"limit": 5, "sort": sort})
    assert pages == 3
    assert len(seen) == len(set(seen)) == many_cases.count() == 12
    # the same walk again gives the same order
    assert _walk(client, "/api/v1/cases", {"limit": 5, "sort": sort})[0] == seen
    # and one page of 100 agrees with the pages of 5
    assert [c["id"] for c in client.get("/api/v1/cases", {"limit": 100, "sort": sort}).json()["items"]] == seen
    # a later page costs the same queries as the first
    cursor = client.get("/api/v1/cases", {"limit": 5, "sort": sort}).json()["next_cursor"]
    with assert_max_queries(12):
        assert client.get("/api/v1/cases", {"limit": 5, "sort": sort, "cursor": cursor}).status_code == 200


def test_a_row_added_between_pages_does_not_shift_the_next_page(personas, agency, team, many_cases):
    client = login_client(personas["supervisor"])
    first = client.get("/api/v1/cases", {"limit": 5}).json()
    # a new case is the newest: it goes on top, before the cursor, and never repeats a row of page one
    survivor = do_create_survivor(actor=None, agency=agency, reference="P-new", team=team)
    do_open_case(actor=personas["case_manager"], survivor=survivor, team=team)
    second = client.get("/api/v1/cases", {"limit": 5, "cursor": first["next_cursor"]}).json()
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}
    assert len(second["items"]) == 5


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "",
        "eyJmIjoxfQ:1abc:badsignature",
    ],
)
def test_a_malformed_cursor_is_a_clear_422(personas, many_cases, cursor):
    client = login_client(personas["supervisor"])
    response = client.get("/api/v1/cases", {"cursor": cursor or "%%%", "limit": 5})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["cursor"]


def test_a_tampered_or_foreign_cursor_is_refused(personas, many_cases):
    client = login_client(personas["supervisor"])
    cursor = client.get("/api/v1/cases", {"limit": 5}).json()["next_cursor"]
    # one character changed in the signed token
    tampered = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    assert client.get("/api/v1/cases", {"limit": 5, "cursor": tampered}).json()["fields"] == {
        "cursor": ["This cursor is not valid for this list. Start again without a cursor."]
    }
    # a cursor made for another sort order, or another list, is not silently misread
    assert client.get("/api/v1/cases", {"limit": 5, "sort": "number", "cursor": cursor}).status_code == 422
    other_list = client.get(f"/api/v1/cases/{many_cases.first().pk}/timeline", {"cursor": cursor})
    assert other_list.status_code == 422 and "cursor" in other_list.json()["fields"]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "many"])
def test_limit_is_between_1_and_100(personas, limit):
    response = login_client(personas["supervisor"]).get("/api/v1/cases", {"limit": limit})
    assert response.status_code == 422
    assert "limit" in response.json()["fields"]


def test_limit_defaults_to_50(personas, agency, team):
    for i in range(52):
        survivor = do_create_survivor(actor=None, agency=agency, reference=f"D-{i}", team=team)
        do_open_case(actor=personas["case_manager"], survivor=survivor, team=team)
    body = login_client(personas["supervisor"]).get("/api/v1/cases").json()
    assert len(body["items"]) == 50 and body["next_cursor"]


@pytest.mark.parametrize(
    ("url", "good"),
    [("/api/v1/cases", "-number"), ("/api/v1/referrals", "-status")],
)
def test_an_unknown_sort_field_is_a_422_naming_the_allowed_ones(personas, url, good):
    client = login_client(personas["supervisor"])
    assert client.get(url, {"sort": good}).status_code == 200
    for bad in ("survivor__given_name", "password", "--number", "?"):
        response = client.get(url, {"sort": bad})
        assert response.status_code == 422, bad
        assert response.json()["code"] == "invalid"
        assert "Use one of:" in response.json()["fields"]["sort"][0]


def test_lists_built_in_python_page_by_an_opaque_offset():
    rows = list(range(7))
    first = paginate(rows, PageQuery(limit=3))
    second = paginate(rows, PageQuery(limit=3, cursor=first["next_cursor"]))
    third = paginate(rows, PageQuery(limit=3, cursor=second["next_cursor"]))
    assert first["items"] + second["items"] + third["items"] == rows
    assert third["next_cursor"] is None
    assert paginate([], PageQuery()) == {"items": [], "next_cursor": None}


def test_every_list_operation_is_paged():
    schema = api.get_openapi_schema()
    unpaged = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        body = get["responses"].get(200, {}).get("content", {}).get("application/json", {}).get("schema", {})
        if body.get("type") == "array":
            unpaged.append(path)
    # reference lists that are small and fixed by configuration (vocabularies, instruments, types) stay bare
    assert sorted(unpaged) == sorted(BARE_REFERENCE_LISTS), (
        "A list answers a page: response={200: Page[ItemOut]}, `page: Query[PageQuery]` and "
        "`return paginate(rows, page, ItemOut.of)` (reclaim/api/pagination.py; docs/api/README.md)."
    )


BARE_REFERENCE_LISTS = [
    "/api/v1/vocabularies",
    "/api/v1/vocabularies/{code}/terms",
    "/api/v1/instruments",
    "/api/v1/assessment-plans",
    "/api/v1/service-types",
    "/api/v1/legal-matter-types",
    "/api/v1/reports/network-count",
]


def test_every_operation_documents_its_error_responses():
    schema = api.get_openapi_schema()
    assert {"ApiTokenAuth", "StaffSessionAuth"} <= set(schema["components"]["securitySchemes"])
    assert schema["info"]["version"]
    assert set(schema["components"]["schemas"]["ConflictOut"]["properties"]) >= {"code", "message", "current_version"}
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = set(implied_errors(method, operation, components))
            documented = {int(s) for s in operation["responses"]}
            assert expected <= documented, (method, path, expected - documented)
            for status in documented - {200, 201, 202, 204}:
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                refs = [body["$ref"]] if "$ref" in body else [option["$ref"] for option in body["anyOf"]]
                for ref in refs:  # the shared error shape (a 409 may add fields of its own)
                    error = components[ref.rsplit("/", 1)[1]]
                    assert {"code", "message"} <= set(error["properties"]), (method, path, status)


def test_rate_limits_and_idempotency_keys_are_in_the_schema():
    schema = api.get_openapi_schema()
    posts = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("security"):
                continue
            limited = operation["responses"][429]
            assert {"Retry-After", "X-RateLimit-Limit", "X-RateLimit-Reset"} <= set(limited["headers"]), (method, path)
            keys = [
                p for p in operation.get("parameters", []) if p["in"] == "header" and p["name"] == "Idempotency-Key"
            ]
            assert len(keys) == (1 if method == "post" else 0), (method, path)
            if method == "post":
                posts += 1
                assert keys[0]["required"] is False
                assert keys[0]["schema"]["maxLength"] == 255
                for status, response in operation["responses"].items():
                    if str(status).startswith("2"):
                        assert "Idempotent-Replayed" in response["headers"], (method, path, status)
    assert posts > 50
