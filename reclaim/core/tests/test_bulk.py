"""`insert_instances` and `insert_rows` write what `bulk_create` writes, read back through the ORM; prepared batches
write what they write."""

from __future__ import annotations

import datetime
import multiprocessing
import uuid
import zoneinfo
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.models import (
    Case,
    CaseEvent,
    CaseNote,
    EventType,
    ImmediateNeed,
    NeedKind,
    NeedStatus,
    NoteConfidentiality,
    NoteKind,
)
from reclaim.core import crypto
from reclaim.core.bulk import (
    KeySequence,
    _adapt_date,
    _adapt_datetime,
    _adapt_json,
    _row_converter,
    _row_value,
    insert_instances,
    insert_rows,
    insert_values,
    prepare_instances,
    prepare_rows,
    write_together,
)

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


Row = Mapping[str, Any]


def _getters_and_converter(
    model: type[models.Model], keys: KeySequence | None = None
) -> tuple[list[models.Field[Any, Any]], list[Callable[[Row], Any]], Callable[[Row], tuple[Any, ...]]]:
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    getters = [_row_value(f, connection, now) for f in fields]
    return fields, getters, _row_converter(fields, connection, now, keys=keys)


@pytest.mark.parametrize(
    "row",
    [
        # the usual values: UUIDs, a choices member, a bool, aware timestamps, an encrypted value
        {"need": NeedKind.SAFETY, "status": NeedStatus.MET, "urgent": True, "details": "Needs a bed"},
        # plain strings, None where the field allows it, a timestamp in another zone, defaults left out
        {"need": "medical", "resolved_at": None, "details": None, "version": 3},
        # values the converter leaves to the field: a UUID as text, an int for the bool, an empty encrypted value
        {"need": "legal", "handled_by_id": "PERSON", "urgent": 1, "details": ""},
    ],
)
def test_the_row_converter_makes_what_the_fields_getters_make(case, personas, row):
    # given a row of a model with every kind of field the converter writes out in line, and one it does not
    fields, getters, convert = _getters_and_converter(ImmediateNeed)
    opened = datetime.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    row = {"agency_id": case.agency_id, "case_id": case.pk, "opened_at": opened, "id": uuid.uuid4(), **row}
    if row.get("handled_by_id") == "PERSON":
        row["handled_by_id"] = str(personas["case_manager"].pk)
    # when
    ours, theirs = convert(row), tuple(g(row) for g in getters)
    # then every value is the getter's, but the ciphertext (a nonce per value), which decrypts to the same text
    names = [f.attname for f in fields]
    plain = [i for i, name in enumerate(names) if name != "details"]
    assert [ours[i] for i in plain] == [theirs[i] for i in plain]
    details = names.index("details")
    if theirs[details] is None:
        assert ours[details] is None
    else:
        assert crypto.decrypt(ours[details], aad="cases.immediateneed.details") == row["details"].encode()


def _unwrapped(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """psycopg's JSON wrapper (PostgreSQL) has no equality of its own: compare what it wraps."""
    return tuple(getattr(value, "obj", value) for value in values)


def test_the_row_converter_makes_json_dates_and_new_keys_as_the_getters_do(case, personas):
    # given event rows: JSON as a dict, a list and a string, and no key (the sequence makes one)
    _, getters, convert = _getters_and_converter(CaseEvent, keys=KeySequence())
    at = timezone.now()
    rows = [
        {"agency_id": case.agency_id, "case_id": case.pk, "type": EventType.NOTE_ADDED, "at": at, "parameters": p}
        for p in ({"on": "2026-01-02", "n": 1.5}, [1, "two"], "text")
    ]
    for row in rows:
        # when
        ours, theirs = convert(row), tuple(g(row) for g in getters)
        # then the same values but the key, which is a new key in the database's form
        assert _unwrapped(ours[1:]) == _unwrapped(theirs[1:])
        assert uuid.UUID(str(ours[0])).version == 8
    # and a date field written in line is the field's own value
    _, note_getters, note_convert = _getters_and_converter(CaseNote)
    note = {
        "agency_id": case.agency_id,
        "case_id": case.pk,
        "occurred_on": datetime.date(2026, 3, 5),
        "id": uuid.uuid4(),
    }
    note["author_id"] = personas["case_manager"].pk
    names = [f.attname for f in CaseNote._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    skip = names.index("body")
    assert [v for i, v in enumerate(note_convert(note)) if i != skip] == [
        g(note) for i, g in enumerate(note_getters) if i != skip
    ]


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_the_adapters_make_what_djangos_make(zone):
    # given an aware timestamp in some zone, a date and JSON with what Django's encoder adds
    at = datetime.datetime(2026, 7, 8, 23, 59, 58, 123456, tzinfo=zoneinfo.ZoneInfo(zone))
    day = datetime.date(2026, 2, 28)
    value = {"b": [1, 2], "a": datetime.date(2026, 1, 2), "d": Decimal("2.50"), "u": uuid.UUID(int=5)}
    # then each is the backend adapter's value
    assert _adapt_datetime(connection)(at) == connection.ops.adapt_datetimefield_value(at)
    assert _adapt_date(connection)(day) == connection.ops.adapt_datefield_value(day)
    json_value = _adapt_json(connection, DjangoJSONEncoder)(value)
    expected = connection.ops.adapt_json_value(value, DjangoJSONEncoder)
    assert getattr(json_value, "obj", json_value) == getattr(expected, "obj", expected)


def test_insert_values_writes_rows_already_in_the_databases_form(case):
    from reclaim.people.models import SurvivorMatchKey

    # given blocking-key rows whose values are converted once by the caller (an import's many narrow rows)
    as_db = case.survivor._meta.pk.get_db_prep_value
    agency, survivor = as_db(case.agency_id, connection), as_db(case.survivor_id, connection)
    before = SurvivorMatchKey.objects.filter(survivor_id=case.survivor_id).count()
    rows = [(agency, survivor, key) for key in (-(2**63), 7, 2**63 - 1)]
    # when they are inserted in batches smaller than their number
    written = insert_values(SurvivorMatchKey, ("agency_id", "survivor_id", "key"), iter(rows), batch_size=2)
    # then every row is there with the database numbering it, under the right agency and person
    assert written == 3
    stored = SurvivorMatchKey.objects.filter(survivor_id=case.survivor_id, key__in=[-(2**63), 7, 2**63 - 1])
    assert sorted(stored.values_list("key", flat=True)) == [-(2**63), 7, 2**63 - 1]
    assert {k.agency_id for k in stored} == {case.agency_id}
    assert SurvivorMatchKey.objects.filter(survivor_id=case.survivor_id).count() == before + 3


def test_prepared_batches_write_what_insert_rows_writes_and_nothing_before(case, personas):
    # given a note and its event, prepared (values made) but not written
    at = timezone.now().replace(microsecond=0)
    note_id = uuid.uuid4()
    note = {
        "id": note_id,
        "agency_id": case.agency_id,
        "case_id": case.pk,
        "occurred_on": datetime.date(2026, 3, 5),
        "body": "Prepared first",
        "author_id": personas["case_manager"].pk,
    }
    event = {"agency_id": case.agency_id, "case_id": case.pk, "type": EventType.NOTE_ADDED, "at": at, "parameters": {}}
    notes, events = prepare_rows(CaseNote, [note]), prepare_rows(CaseEvent, [event])
    flagged = CaseEvent(id=uuid.uuid4(), agency_id=case.agency_id, case=case, type="flag", at=at)
    instances = prepare_instances([flagged])
    assert (len(notes), len(events), len(instances)) == (1, 1, 1)
    assert not CaseNote.objects.filter(pk=note_id).exists()
    assert flagged._state.adding
    # when they are written together
    assert write_together(notes, events, instances) == 3
    # then they read back as insert_rows' and insert_instances' rows do, the instance marked as saved
    stored = CaseNote.objects.get(pk=note_id)
    assert (stored.body, stored.kind, stored.version) == ("Prepared first", NoteKind.CONTACT, 1)
    assert CaseEvent.objects.get(case=case, type=EventType.NOTE_ADDED, at=at).parameters == {}
    assert CaseEvent.objects.filter(pk=flagged.pk).exists()
    assert not flagged._state.adding


def test_prepared_batches_refuse_unknown_names_and_write_all_or_nothing(case):
    with pytest.raises(ValueError, match="case"):
        prepare_rows(CaseEvent, [{"agency_id": case.agency_id, "case": case, "type": "x", "at": timezone.now()}])
    # a batch that fails (a key already there) takes the batch written before it in the same call back with it
    key = uuid.uuid4()
    row = {"id": key, "agency_id": case.agency_id, "case_id": case.pk, "type": "dup", "at": timezone.now()}
    first = prepare_rows(CaseEvent, [{**row, "id": uuid.uuid4(), "type": "first"}])
    write_together(prepare_rows(CaseEvent, [row]))
    with pytest.raises(IntegrityError):
        write_together(first, prepare_rows(CaseEvent, [row]))
    assert not CaseEvent.objects.filter(type="first").exists()
    assert CaseEvent.objects.filter(type="dup").count() == 1
