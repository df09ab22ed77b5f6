"""Writing notes: levels by capability, field errors with nothing saved, edits under an optimistic lock,
strike-out with a reason, and timeline/audit rows that carry ids and codes only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reclaim.cases.actions import do_add_note, do_edit_note, do_open_case, do_strike_note
from reclaim.cases.models import CaseEvent, CaseNote
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


def _counts():
    return CaseNote.objects.count(), CaseEvent.objects.count()


@pytest.mark.parametrize(
    ("persona", "level", "allowed"),
    [
        ("case_manager", "general", True),
        ("case_manager", "clinical", False),
        ("case_manager", "legal", False),
        ("supervisor", "clinical", False),
        ("clinician", "clinical", True),
        ("clinician", "legal", False),
        ("legal_advocate", "legal", True),
        ("legal_advocate", "clinical", False),
        ("case_manager", "restricted", False),
    ],
)
def test_writing_a_level_needs_the_matching_capability(personas, case, persona, level, allowed):
    before = _counts()
    # when the persona writes a note at the level
    if allowed:
        note = do_add_note(actor=personas[persona], case=case, confidentiality=level, kind="other", body="Seen.")
        # then it is saved with a timeline event
        assert note.confidentiality == level
        assert _counts() == (before[0] + 1, before[1] + 1)
    else:
        # then it is refused on the level field, and nothing is saved
        with pytest.raises(DomainError) as refused:
            do_add_note(actor=personas[persona], case=case, confidentiality=level, kind="other", body="Seen.")
        assert refused.value.code == "cases.note_level_not_allowed"
        assert "confidentiality" in refused.value.fields
        assert _counts() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   \n "}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"kind": "gossip"}, "kind"),
        ({"occurred_on": timezone.localdate() + datetime.timedelta(days=2)}, "occurred_on"),
    ],
)
def test_bad_note_input_is_a_field_error_and_saves_nothing(personas, case, changes, field):
    before = _counts()
    values = {"confidentiality": "general", "kind": "contact_note", "body": "Seen.", **changes}
    with pytest.raises(DomainError) as refused:
        do_add_note(actor=personas["case_manager"], case=case, **values)
    assert field in refused.value.fields
    assert _counts() == before


def test_a_note_defaults_to_today_and_keeps_the_text_trimmed(personas, case):
    note = do_add_note(
        actor=personas["case_manager"], case=case, confidentiality="general", kind="phone_call", body="  Called.  "
    )
    note.refresh_from_db()
    assert (note.occurred_on, note.body, note.version) == (timezone.localdate(), "Called.", 1)


def test_note_events_and_audit_rows_carry_ids_and_codes_only(personas, case):
    # given a clinical note with a distinctive text
    secret = "Flashbacks when she hears the van door"
    note = do_add_note(
        actor=personas["clinician"], case=case, confidentiality="clinical", kind="session_note", body=secret
    )
    do_edit_note(
        actor=personas["clinician"],
        note=note,
        expected_version=1,
        body=secret + " (edited)",
        kind="session_note",
        occurred_on=note.occurred_on,
    )
    do_strike_note(actor=personas["clinician"], note=note, expected_version=2, reason="Wrong case, sorry")
    # then the three events name the note and its level, nothing more
    events = list(CaseEvent.objects.filter(type__startswith="note_").order_by("at"))
    assert [e.type for e in events] == ["note_added", "note_edited", "note_struck"]
    assert all(e.parameters == {"note_id": str(note.pk), "confidentiality": "clinical"} for e in events)
    audit = AuditEvent.objects.filter(action__startswith="case.note_")
    assert audit.count() == 3
    assert all(secret not in str(row.detail) and "Wrong case" not in str(row.detail) for row in audit)


def test_the_author_edits_and_a_stale_version_is_a_conflict(personas, case):
    author = personas["clinician"]
    note = do_add_note(actor=author, case=case, confidentiality="clinical", kind="session_note", body="First.")
    edited = do_edit_note(
        actor=author, note=note, expected_version=1, body="Second.", kind="session_note", occurred_on=note.occurred_on
    )
    assert (edited.version, edited.body) == (2, "Second.")
    assert edited.edited_at is not None
    # when a second tab saves on the version it loaded earlier
    with pytest.raises(EditConflict) as conflict:
        do_edit_note(
            actor=author, note=note, expected_version=1, body="Third.", kind="other", occurred_on=note.occurred_on
        )
    # then nothing is overwritten, and the conflict carries no note text
    assert conflict.value.current_version == 2
    assert "Second." not in str(conflict.value.current)
    note.refresh_from_db()
    assert (note.body, note.kind, note.version) == ("Second.", "session_note", 2)


def test_only_the_author_changes_a_note(personas, case):
    note = do_add_note(actor=personas["case_manager"], case=case, confidentiality="general", kind="other", body="Hi.")
    for other in ("supervisor", "clinician"):
        with pytest.raises(DomainError) as refused:
            do_edit_note(
                actor=personas[other], note=note, expected_version=1, body="Mine.", kind="other", occurred_on=None
            )
        assert refused.value.code == "cases.note_not_author"
        with pytest.raises(DomainError):
            do_strike_note(actor=personas[other], note=note, expected_version=1, reason="No.")
    note.refresh_from_db()
    assert (note.body, note.struck_at) == ("Hi.", None)


def test_strike_needs_a_reason_and_keeps_the_note(personas, case):
    author = personas["legal_advocate"]
    note = do_add_note(actor=author, case=case, confidentiality="legal", kind="other", body="Filing due.")
    with pytest.raises(DomainError) as refused:
        do_strike_note(actor=author, note=note, expected_version=1, reason="  ")
    assert "reason" in refused.value.fields
    note.refresh_from_db()
    assert note.struck_at is None
    # when a reason is given
    struck = do_strike_note(actor=author, note=note, expected_version=1, reason="Duplicate of an earlier note")
    # then the note is still there, struck, with who, when and why; and it can no longer change
    struck.refresh_from_db()
    assert (struck.body, struck.strike_reason, struck.struck_by) == (
        "Filing due.",
        "Duplicate of an earlier note",
        author,
    )
    assert CaseNote.objects.filter(pk=note.pk).exists()
    with pytest.raises(DomainError) as again:
        do_edit_note(
            actor=author, note=struck, expected_version=2, body="New.", kind="other", occurred_on=struck.occurred_on
        )
    assert again.value.code == "cases.note_struck"
