"""The committed OpenAPI document (docs/api/openapi.json) is what the code generates: clients and reviewers read
the API's contract from it, so a change to the API shows up in review as a change to that file."""

from __future__ import annotations

import difflib

from reclaim.api.openapi import COMMITTED_SCHEMA, REGENERATE_COMMAND, current_schema_text


def test_the_committed_openapi_schema_matches_the_code():
    generated = current_schema_text()
    committed = COMMITTED_SCHEMA.read_text(encoding="utf-8") if COMMITTED_SCHEMA.exists() else ""
    if generated != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    generated.splitlines(keepends=True),
                    "docs/api/openapi.json (committed)",
                    "generated from the code",
                )
            )[:60]
        )
        raise AssertionError(
            f"docs/api/openapi.json is out of date. Run `{REGENERATE_COMMAND}` and commit the file.\n{diff}"
        )
