"""The OpenAPI document: every operation lists the error responses it can give, in the one error shape.

Handlers declare only what they return on success (and sometimes a few errors); the API's exception handlers
(reclaim/api/api.py) can answer any operation with 400/403/404/422, an authenticated one with 401, and a write
with 409 (a stale `version`). `ReclaimAPI.get_openapi_schema` adds those entries after ninja builds the document,
so handler code never changes to document them. `export_openapi` writes the committed copy
(docs/api/openapi.json) and `tests/test_openapi_committed.py` fails when it drifts.
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
UNAUTHENTICATED, CONFLICT = 401, 409
ERROR_RESPONSES: dict[int, str] = {
    400: "The request was refused by a domain rule (`code` says which; `fields` names the fields).",
    401: "Not signed in, or the API token is missing, expired or revoked.",
    403: "Signed in, but your role may not do this (or may only read it).",
    404: "Not found, or not yours to see (another agency's records are never confirmed to exist).",
    409: "Someone saved this record since you read it: `current_version` is the version saved now.",
    422: "Some values are missing or invalid (`fields` maps each parameter or field to its messages).",
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
    """Every operation: the error responses it can give, each with the shared error body (409: ConflictOut);
    authenticated operations also 429 with the rate-limit headers, and POSTs the `Idempotency-Key` header."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", _component(ErrorOut))
    components.setdefault("ConflictOut", _component(ConflictOut))
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if operation.get("security"):
                _add_rate_limit(responses)
                if method == "post":
                    _add_idempotency(operation, responses)
            for status, description in ERROR_RESPONSES.items():
                if status == UNAUTHENTICATED and not operation.get("security"):
                    continue  # an operation open to everyone never answers 401
                if status == CONFLICT and method not in WRITE_METHODS:
                    continue
                if status in responses or str(status) in responses:
                    continue
                body = "ConflictOut" if status == CONFLICT else "ErrorOut"
                responses[status] = {"description": description, **_ref(body)}
    return schema


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
