"""Walking what a persona can read: every GET route and GET API operation the permission matrix gives them 200."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conftest import login_client
from tests.test_permission_matrix import API_MATRIX, MATRIX


def readable(persona: str, *, api: bool = True) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = [
        ("route", name)
        for name, (method, _u, table) in sorted(MATRIX.items())
        if method == "get" and table[persona] == 200
    ]
    if api:
        entries += [
            ("api", op) for op, entry in sorted(API_MATRIX.items()) if op[0] == "get" and entry[1][persona] == 200
        ]
    return entries


def bodies(
    persona: str, personas: dict[str, Any], objects: dict[str, Any], *, api: bool = True
) -> Iterator[tuple[str, Any]]:
    """(entry, response) for everything the persona reads; one signed-in client for the whole walk."""
    client = login_client(personas[persona])
    for kind, key in readable(persona, api=api):
        url = MATRIX[key][1](objects) if kind == "route" else API_MATRIX[key][0](objects)
        response = client.get(url)
        yield f"{kind} {key}", response


def text_of(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", errors="replace")
