"""The appointment's purpose, place, video link, partner, interpreter language and outcome note are
encrypted: a raw read of every table finds none of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from reclaim.scheduling.actions import do_record_appointment_outcome
from reclaim.scheduling.models import Appointment

pytestmark = pytest.mark.django_db

NEEDLES = {
    "purpose": "Xylophone asylum rehearsal",
    "place": "17 Quillfeather Mews",
    "video_link": "https://video.example/room-zanzibar-4471",
    "partner_name": "Bramblewick Legal Aid",
    "interpreter_language": "Tigrinya-Blin",
}
NOTE = "Brought her cousin Oswaldine along"


def _dump_all_tables() -> str:
    """Every value of every table, as text (as in tests/test_no_plaintext_at_rest.py)."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_appointment_texts_are_not_in_clear(case, personas, book):
    appointment = book(case, place_confidential=True, interpreter_needed=True, **NEEDLES)
    with time_machine.travel(appointment.ends_at + timedelta(minutes=1)):
        do_record_appointment_outcome(
            actor=personas["case_manager"], appointment=appointment, expected_version=1, outcome="kept", note=NOTE
        )
    dump = _dump_all_tables()
    assert [text for text in [*NEEDLES.values(), NOTE, "Quillfeather", "zanzibar", "Oswaldine"] if text in dump] == []
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.place, stored.outcome_note) == (NEEDLES["place"], NOTE)
