"""`insert_instances` and `insert_rows` write what `bulk_create` writes, read back through the ORM."""

from __future__ import annotations

import datetime
import multiprocessing
import uuid

import pytest
from django.db import connection, models
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import Case, CaseEvent, CaseNote, EventType, NoteConfidentiality, NoteKind
from reclaim.core import crypto
from reclaim.core.bulk import KeySequence, _row_value, insert_instances, insert_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas, survivor_a) -> Case:
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a)


def _fields(obj: object, names: list[str]) -> dict[str, object]:
    return {name: getattr(obj, name) for name in names}


NOTE_FIELDS = ["agency_id", "case_id", "confidentiality", "kind", "occurred_on", "body", "author_id", "version"]


def test_insert_instances_writes_what_bulk_create_writes(case, personas):
    # given two equal notes, one for each way in (a choices member, a date, an encrypted body, a default)
    def note() -> CaseNote:
        return CaseNote(
            agency_id=case.agency_id,
            case=case,
            confidentiality=NoteConfidentiality.CLINICAL,
            occurred_on=datetime.date(2026, 3, 4),
            body="Talked about the move",
            author=personas["clinician"],
        )

    made, bulk = note(), note()
    # when
    insert_instances([made])
    CaseNote.objects.bulk_create([bulk])
    # then both read back the same, with the timestamps set and the body stored encrypted
    ours, theirs = CaseNote.objects.get(pk=made.pk), CaseNote.objects.get(pk=bulk.pk)
    assert _fields(ours, NOTE_FIELDS) == _fields(theirs, NOTE_FIELDS)
    assert ours.body == "Talked about the move"
    assert ours.kind == NoteKind.CONTACT
    assert ours.created_at is not None
    assert ours.updated_at is not None
    assert made._state.adding is False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body FROM cases_casenote WHERE id = %s", [ours.pk.hex if connection.vendor == "sqlite" else ours.pk]
        )
        stored = cursor.fetchone()[0]
    assert stored.startswith(crypto.CIPHERTEXT_PREFIX)
    assert "move" not in stored


def test_insert_rows_fills_defaults_and_encrypts_under_the_rows_agency(case, personas):
    # given rows by attribute name, one leaving out what has a default
    at = timezone.now().replace(microsecond=0)
    note_id = uuid.uuid4()
    rows = [
        {
            "id": note_id,
            "agency_id": case.agency_id,
            "case_id": case.pk,
            "occurred_on": datetime.date(2026, 3, 5),
            "body": "Asked about school",
            "author_id": personas["case_manager"].pk,
        }
    ]
    events = [
        {
            "agency_id": case.agency_id,
            "case_id": case.pk,
            "type": EventType.NOTE_ADDED,
            "at": at,
            "parameters": {"n": 1},
        }
    ]
    # when
    assert insert_rows(CaseNote, rows) == 1
    assert insert_rows(CaseEvent, events) == 1
    # then the ORM reads them back: defaults filled, body decrypted, the event's JSON and timestamp as given
    note = CaseNote.objects.get(pk=note_id)
    assert (note.body, note.kind, note.confidentiality, note.version) == (
        "Asked about school",
        NoteKind.CONTACT,
        NoteConfidentiality.GENERAL,
        1,
    )
    event = CaseEvent.objects.get(case=case, type=EventType.NOTE_ADDED)
    assert (event.at, event.parameters, event.actor_id) == (at, {"n": 1}, None)
    assert isinstance(event.pk, uuid.UUID)


def test_insert_rows_refuses_unknown_names_and_fields_that_need_an_instance(case):
    # a relation's name instead of its attribute name is refused, and nothing is written
    with pytest.raises(ValueError, match="case"):
        insert_rows(CaseEvent, [{"agency_id": case.agency_id, "case": case, "type": "x", "at": timezone.now()}])
    assert not CaseEvent.objects.filter(type="x").exists()
    # a field whose value is made from its instance (a file: storage, upload path) cannot be made from a row
    upload = models.FileField()
    upload.set_attributes_from_name("upload")
    with pytest.raises(ValueError, match="insert_instances"):
        _row_value(upload, connection, timezone.now())


def test_insert_instances_needs_the_keys_made_in_python(case):
    event = CaseEvent(agency_id=case.agency_id, case=case, type="x", at=timezone.now())
    event.pk = None
    with pytest.raises(ValueError, match="primary keys"):
        insert_instances([event])


def test_key_sequence_grows_by_one_and_marks_its_keys_as_version_8():
    keys = KeySequence()
    made = [keys() for _ in range(3)]
    assert made == sorted(made)
    assert [k.int - made[0].int for k in made] == [0, 1, 2]
    assert {(k.version, k.variant) for k in made} == {(8, uuid.RFC_4122)}
    # a second sequence (another run) starts somewhere else
    assert KeySequence()().int >> 80 != made[0].int >> 80


_SEQUENCE = KeySequence()  # as the demo holds its own: a module's, reached from the forked process's copy


def _next_key() -> uuid.UUID:
    return _SEQUENCE()


def test_key_sequence_draws_a_new_start_in_a_forked_process():
    here = _next_key()
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        there = pool.apply(_next_key)
    assert there.int >> 80 != here.int >> 80
    assert there.version == 8


def test_insert_rows_takes_missing_keys_from_the_sequence(case):
    keys = KeySequence()
    first = keys()
    insert_rows(
        CaseEvent,
        [
            {"agency_id": case.agency_id, "case_id": case.pk, "type": EventType.NOTE_ADDED, "at": timezone.now()},
            {"agency_id": case.agency_id, "case_id": case.pk, "type": EventType.NOTE_ADDED, "at": timezone.now()},
        ],
        keys=keys,
    )
    made = sorted(CaseEvent.objects.filter(case=case, type=EventType.NOTE_ADDED).values_list("pk", flat=True))
    assert [k.int - first.int for k in made] == [1, 2]
