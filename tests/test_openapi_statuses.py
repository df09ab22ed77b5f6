"""The statuses the OpenAPI document declares are the ones the API answers: none missing, none invented.

Missing ones: every status the permission matrix expects from an operation (which that test checks against the
real API, persona by persona) is declared for it, and schemathesis checks every answer it gets
(tests/test_api_schemathesis.py, `status_code_conformance`). Invented ones: the statuses added for all
operations follow from an operation's shape (reclaim/api/openapi.py); a read with no input gets no 400, 403, 409
or 422 from them.
"""

from __future__ import annotations

from typing import Any

import pytest

from reclaim.api.api import api
from reclaim.api.openapi import add_error_responses
from tests.test_permission_matrix import API_MATRIX

SUCCESS = {200, 201, 202, 204}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return api.get_openapi_schema()


def _declared(schema: dict[str, Any], method: str, path: str) -> set[int]:
    return {int(status) for status in schema["paths"][path][method]["responses"]}


def test_every_status_the_permission_matrix_expects_is_declared(schema):
    # given the matrix's expected status for each persona on each operation
    missing = {}
    for (method, path), entry in API_MATRIX.items():
        expected = set(entry[1].values())
        # when the document's declared statuses are compared with them
        if undeclared := expected - _declared(schema, method, path):
            missing[f"{method.upper()} {path}"] = sorted(undeclared)
    # then none is missing (a handler declares its own: response={..., 403: ErrorOut})
    assert not missing, missing


def test_a_read_without_input_declares_only_what_it_can_answer(schema):
    # given GET /me: no parameters, no body, no role check; then only its answer, sign-in, portal 404, rate limit
    assert _declared(schema, "get", "/api/v1/me") == {200, 401, 404, 429}


def test_reads_declare_a_403_only_where_their_handler_checks_a_role(schema):
    # given two reads of one case: the plan has a role check (readers without plan rights get 403), the case not
    assert 403 in _declared(schema, "get", "/api/v1/cases/{case_id}/plan")
    assert 403 not in _declared(schema, "get", "/api/v1/cases/{case_id}")
    assert not {400, 409} & _declared(schema, "get", "/api/v1/cases/{case_id}")


def test_a_conflict_has_the_conflict_body_and_a_post_also_the_idempotency_refusal(schema):
    # given a PATCH with `version` in its body, and a POST with `version`
    patch = schema["paths"]["/api/v1/cases/{case_id}"]["patch"]["responses"][409]
    post = schema["paths"]["/api/v1/cases/{case_id}/transitions"]["post"]["responses"][409]
    # then the PATCH answers only an edit conflict, the POST either that or a key still running
    assert patch["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ConflictOut"}
    assert post["content"]["application/json"]["schema"] == {
        "anyOf": [{"$ref": "#/components/schemas/ConflictOut"}, {"$ref": "#/components/schemas/ErrorOut"}]
    }


def test_statuses_follow_the_shape_of_a_new_operation():
    # given a document with operations no handler declared errors for (as a new router would add them)
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingIn"}}}}
    document: dict[str, Any] = {
        "components": {"schemas": {"ThingIn": {"properties": {"name": {}, "version": {}}}}},
        "paths": {
            "/things": {
                "get": {"security": [{"t": []}], "responses": {200: {}}},
                "post": {"security": [{"t": []}], "requestBody": body, "responses": {201: {}}},
            },
            "/things/{id}": {"put": {"security": [{"t": []}], "parameters": [{"in": "path"}], "responses": {}}},
        },
    }
    # when the error responses are added
    paths = add_error_responses(document)["paths"]
    # then each gets what its shape implies, and nothing else
    assert set(paths["/things"]["get"]["responses"]) == {200, 401, 404, 429}
    assert set(paths["/things"]["post"]["responses"]) == {201, 400, 401, 403, 404, 409, 422, 429}
    assert set(paths["/things/{id}"]["put"]["responses"]) == {401, 403, 404, 422, 429}
    conflict = paths["/things"]["post"]["responses"][409]["content"]["application/json"]["schema"]
    assert len(conflict["anyOf"]) == 2
