"""Service notes, places and void reasons are encrypted at rest: a raw read of every table finds none."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from reclaim.services.actions import ServiceEntry, do_record_service, do_void_service

NEEDLES = ["Zanzibar laundromat", "cried about her brother", "Typed onto the wrong survivor"]


def _dump() -> str:
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.mark.django_db
def test_notes_location_and_void_reason_are_not_in_clear(personas, case):
    record = do_record_service(
        actor=personas["case_manager"],
        case=case,
        entry=ServiceEntry(
            "crisis_intervention.response",
            timezone.localdate(),
            location="Back room of the Zanzibar laundromat",
            notes="She cried about her brother.",
        ),
    )
    do_void_service(
        actor=personas["case_manager"], record=record, expected_version=1, reason="Typed onto the wrong survivor"
    )
    dump = _dump()
    assert [needle for needle in NEEDLES if needle in dump] == []
    record.refresh_from_db()
    assert record.void_reason == "Typed onto the wrong survivor"
