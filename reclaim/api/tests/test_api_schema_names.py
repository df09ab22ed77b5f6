"""Each OpenAPI component name belongs to one schema class.

ninja names a component after its class, and two classes with one name overwrite each other in
/api/v1/openapi.json: operations then declare another operation's body (found by schemathesis)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from pydantic import BaseModel

import reclaim.api


def test_no_two_api_schemas_share_a_name():
    defined: dict[str, set[str]] = defaultdict(set)
    for module_info in pkgutil.iter_modules(reclaim.api.__path__):
        module = importlib.import_module(f"reclaim.api.{module_info.name}")
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, BaseModel) and value.__module__.startswith("reclaim."):
                defined[value.__name__].add(f"{value.__module__}.{value.__qualname__}")
    assert {name: sorted(where) for name, where in defined.items() if len(where) > 1} == {}


def test_the_schema_declares_the_services_delivery_rows_not_the_directorys():
    from reclaim.api.api import api

    components = api.get_openapi_schema()["components"]["schemas"]
    assert "hsds_id" in components["DirectoryServiceOut"]["properties"]
    assert "delivered_on" in components["ServiceOut"]["properties"]
