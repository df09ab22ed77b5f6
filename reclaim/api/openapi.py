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


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation: the error responses it can give, each with the shared error body (409: ConflictOut)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", _component(ErrorOut))
    components.setdefault("ConflictOut", _component(ConflictOut))
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
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
