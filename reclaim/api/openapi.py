"""The OpenAPI document: every operation lists each error status it can answer, in the one error shape.

Handlers declare what they return on success and the errors that only their own code gives (a role check on a
read: 403; a domain rule: 400; an upload limit: 413/415). `ReclaimAPI.get_openapi_schema` adds, after ninja
builds the document, the errors that follow from the operation's shape alone, so a new operation gets them
without declaring anything, and none is declared that the operation cannot answer:

- every operation: 404 (a missing or not-yours object; and a survivor's portal session gets 404 on every API
  route, reclaim/portal/middleware.py);
- an authenticated one: 401, and 429 with the rate-limit headers;
- an authenticated write: 403 (a role that may only read; a browser-session write without its CSRF token);
- any parameter or body: 422 (validation; on a POST also a bad or reused `Idempotency-Key`);
- a JSON body: 400 (a body that is not JSON);
- a JSON body with `version`: 409 `ConflictOut` (a stale version); an authenticated POST: 409 `ErrorOut`
  (`idempotency_in_progress`), both as `anyOf` when both apply.

`export_openapi` writes the committed copy (docs/api/openapi.json) and `tests/test_openapi_committed.py` fails
when it drifts; `tests/test_api_schemathesis.py` checks every answer's status against the declared ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from ninja import NinjaAPI

from reclaim.api.idempotency import HEADER, MAX_KEY_LENGTH, REPLAYED_HEADER
from reclaim.api.schemas import ConflictOut, ErrorOut

COMMITTED_SCHEMA = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"
REGENERATE_COMMAND = "python manage.py export_openapi"

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})
BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, INVALID = 400, 401, 403, 404, 409, 422
JSON = "application/json"
ERROR_RESPONSES: dict[int, str] = {
    BAD_REQUEST: "The request was refused by a domain rule (`code` says which; `fields` names the fields), "
    "or its body could not be read as JSON (`malformed_request`).",
    UNAUTHENTICATED: "Not signed in, or the API token is missing, expired or revoked.",
    FORBIDDEN: "Signed in, but your role may not do this (or may only read it); a browser-session write without "
    "its CSRF token is refused the same way.",
    NOT_FOUND: "Not found, or not yours to see (another agency's records are never confirmed to exist); a "
    "survivor's portal session gets this on every API route.",
    CONFLICT: "Someone saved this record since you read it (`edit_conflict`: `current_version` is the version saved "
    "now), or, on a POST, a request with the same `Idempotency-Key` is still running (`idempotency_in_progress`).",
    INVALID: "Some values are missing or invalid (`fields` maps each parameter or field to its messages).",
}


def _ref(name: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _component(model: type[ErrorOut]) -> dict[str, Any]:
    return model.model_json_schema(ref_template="#/components/schemas/{model}")


RATE_LIMITED = 429
RATE_LIMIT_DESCRIPTION = (
    "Too many requests from this token (or signed-in user) in this minute; reads and writes are counted apart. "
    "Wait `Retry-After` seconds. Every authenticated answer carries the `X-RateLimit-*` headers."
)
RATE_LIMIT_HEADERS = {
    "Retry-After": "Seconds to wait before the next request.",
    "X-RateLimit-Limit": "Requests allowed in the window.",
    "X-RateLimit-Remaining": "Requests left in the window.",
    "X-RateLimit-Reset": "Unix time (seconds) when the window ends.",
}
IDEMPOTENCY_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "A key of your choosing (a UUID is a good one) that makes a retry safe: the same key with the same request "
        "within 24 h gets the first answer again, with `Idempotent-Replayed: true`, and creates nothing; the same "
        "key with another request is refused (422 `idempotency_key_reused`), and one still running gives 409."
    ),
    # Printable ASCII, no space at either end (HTTP would strip it), at most 255 characters.
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": r"^[!-~]([ -~]*[!-~])?$"},
}
REPLAYED = {
    "description": "`true` when this is the stored answer to an earlier request with the same key.",
    "schema": {"type": "string", "enum": ["true"]},
}


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation: the error responses that follow from its shape (module docstring), each with the shared
    error body; authenticated operations also 429 with the rate-limit headers, and POSTs the `Idempotency-Key`
    header. Statuses the handler declared itself are kept (a POST's 409 `ConflictOut` widens to either body)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", _component(ErrorOut))
    components.setdefault("ConflictOut", _component(ConflictOut))
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            authenticated = bool(operation.get("security"))
            if authenticated:
                _add_rate_limit(responses)
                if method == "post":
                    _add_idempotency(operation, responses)
            for status, body in implied_errors(method, operation, components).items():
                declared = responses.get(status, responses.get(str(status)))
                if declared is None:
                    responses[status] = {"description": ERROR_RESPONSES[status], **_body(body)}
                elif status == CONFLICT and "ErrorOut" in body and _is_ref(declared, "ConflictOut"):
                    declared.update(_body(("ConflictOut", "ErrorOut")))  # and the idempotency refusal
    return schema


def implied_errors(method: str, operation: dict[str, Any], components: dict[str, Any]) -> dict[int, tuple[str, ...]]:
    """The error statuses an operation can answer because of its shape alone, each with its body schema(s)."""
    authenticated = bool(operation.get("security"))
    content = operation.get("requestBody", {}).get("content", {})
    errors: dict[int, tuple[str, ...]] = {NOT_FOUND: ("ErrorOut",)}
    if authenticated:
        errors[UNAUTHENTICATED] = ("ErrorOut",)
        if method in WRITE_METHODS:
            errors[FORBIDDEN] = ("ErrorOut",)
    if operation.get("parameters") or content:
        errors[INVALID] = ("ErrorOut",)
    if JSON in content:
        errors[BAD_REQUEST] = ("ErrorOut",)
    conflicts = []
    if JSON in content and "version" in _properties(content[JSON].get("schema", {}), components):
        conflicts.append("ConflictOut")
    if authenticated and method == "post":
        conflicts.append("ErrorOut")
    if conflicts:
        errors[CONFLICT] = tuple(conflicts)
    return dict(sorted(errors.items()))


def _properties(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[1], {})
    return dict(schema.get("properties", {}))


def _is_ref(response: dict[str, Any], name: str) -> bool:
    schema = response.get("content", {}).get(JSON, {}).get("schema", {})
    return bool(schema.get("$ref") == f"#/components/schemas/{name}")


def _body(names: tuple[str, ...]) -> dict[str, Any]:
    if len(names) == 1:
        return _ref(names[0])
    options = [{"$ref": f"#/components/schemas/{name}"} for name in names]
    return {"content": {JSON: {"schema": {"anyOf": options}}}}


def _add_rate_limit(responses: dict[Any, Any]) -> None:
    if RATE_LIMITED in responses or str(RATE_LIMITED) in responses:
        return
    headers = {name: {"description": text, "schema": {"type": "integer"}} for name, text in RATE_LIMIT_HEADERS.items()}
    responses[RATE_LIMITED] = {"description": RATE_LIMIT_DESCRIPTION, "headers": headers, **_ref("ErrorOut")}


def _add_idempotency(operation: dict[str, Any], responses: dict[Any, Any]) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("in") == "header" and p.get("name") == HEADER for p in parameters):
        parameters.append(dict(IDEMPOTENCY_PARAMETER))
    for status, response in responses.items():
        if str(status).startswith("2"):
            response.setdefault("headers", {})[REPLAYED_HEADER] = dict(REPLAYED)


class ReclaimAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document is complete: error responses on every operation, security schemes."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_error_responses(schema)


def render_schema(schema: dict[str, Any]) -> str:
    """The committed form: sorted keys, 2-space indent, a trailing newline (stable across runs)."""
    return json.dumps(_string_keys(schema), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _string_keys(value: Any) -> Any:
    """JSON keys are strings; ninja uses ints for status codes, which `sort_keys` could not mix with strings."""
    if isinstance(value, dict):
        return {str(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_string_keys(item) for item in value]
    return value


def current_schema_text() -> str:
    from reclaim.api.api import api  # the routers import every domain: only when asked

    return render_schema(api.get_openapi_schema())
