"""The Notes tab: add, edit with a conflict screen, strike out; audited reads; flat query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login_client
from reclaim.cases.actions import do_add_note, do_edit_note, do_open_case
from reclaim.cases.models import CaseAssignment, CaseNote
from reclaim.core.models import AuditEvent


@pytest.fixture
def case(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.create(agency_id=case.agency_id, case=case, user=personas[worker])
    return case


def _notes_url(case):
    return reverse("cases:notes", args=[case.pk])


def test_a_clinician_adds_a_clinical_note_from_the_notes_tab(personas, case):
    client = login_client(personas["clinician"])
    # when the clinician saves a clinical session note
    response = client.post(
        reverse("cases:note_add", args=[case.pk]),
        {
            "confidentiality": "clinical",
            "kind": "session_note",
            "occurred_on": "2026-11-20",
            "body": "Sleeping better.",
        },
    )
    # then it is saved and shown on the notes tab with its level written out
    assert response.status_code == 302
    assert response["Location"] == _notes_url(case)
    note = CaseNote.objects.get()
    assert (note.confidentiality, note.kind, str(note.occurred_on), note.author) == (
        "clinical",
        "session_note",
        "2026-11-20",
        personas["clinician"],
    )
    html = client.get(_notes_url(case)).content.decode()
    assert "Sleeping better." in html
    assert "note-level--clinical" in html


def test_the_form_offers_only_the_levels_the_user_may_write(personas, case):
    offered = {}
    for persona in ("case_manager", "clinician", "legal_advocate"):
        response = login_client(personas[persona]).get(_notes_url(case))
        offered[persona] = [code for code, _label in response.context["form"].fields["confidentiality"].choices]
    assert offered == {
        "case_manager": ["general"],
        "clinician": ["general", "clinical"],
        "legal_advocate": ["general", "legal"],
    }


def test_a_forged_level_is_refused_and_nothing_is_saved(personas, case):
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:note_add", args=[case.pk]),
        {"confidentiality": "clinical", "kind": "other", "body": "Should not be stored."},
    )
    assert response.status_code == 200
    assert "confidentiality" in response.context["form"].errors
    assert not CaseNote.objects.exists()


def test_an_empty_note_is_a_field_error_and_nothing_is_saved(personas, case):
    client = login_client(personas["case_manager"])
    response = client.post(
        reverse("cases:note_add", args=[case.pk]), {"confidentiality": "general", "kind": "other", "body": "   "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == ["Write the note before saving it."]
    assert "Write the note before saving it." in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_stale_edit_shows_both_texts_and_overwrites_nothing(personas, case):
    author = personas["case_manager"]
    note = do_add_note(actor=author, case=case, confidentiality="general", kind="other", body="Original text.")
    url = reverse("cases:note_edit", args=[case.pk, note.pk])
    client = login_client(author)
    assert client.get(url).context["form"].initial["version"] == 1
    # given the note was changed in another tab after this form was loaded
    do_edit_note(
        actor=author, note=note, expected_version=1, body="Saved elsewhere.", kind="other", occurred_on=note.occurred_on
    )
    # when the stale form is saved
    data = {"kind": "other", "occurred_on": note.occurred_on.isoformat(), "body": "My late change.", "version": 1}
    response = client.post(url, data)
    # then the conflict screen shows the saved text and the user's own text, and nothing is overwritten
    assert response.status_code == 200
    assert response.context["conflict"] is True
    html = response.content.decode()
    assert "Saved elsewhere." in html
    assert "My late change." in html
    note.refresh_from_db()
    assert (note.body, note.version) == ("Saved elsewhere.", 2)
    # and saving again from the conflict screen works on the current version
    assert response.context["form"]["version"].value() == "2"
    again = client.post(url, {**data, "version": 2})
    assert again.status_code == 302
    note.refresh_from_db()
    assert note.body == "My late change."


def test_strike_out_keeps_the_note_struck_through_with_the_reason(personas, case):
    author = personas["legal_advocate"]
    note = do_add_note(actor=author, case=case, confidentiality="legal", kind="other", body="Court date 3 May.")
    client = login_client(author)
    url = reverse("cases:note_strike", args=[case.pk, note.pk])
    # a strike without a reason is refused
    refused = client.post(url, {"reason": "", "version": 1})
    assert refused.status_code == 200
    assert "reason" in refused.context["form"].errors
    # when a reason is given
    response = client.post(url, {"reason": "Wrong client file", "version": 1})
    # then the note stays, struck through, with the reason
    assert response.status_code == 302
    html = client.get(_notes_url(case)).content.decode()
    assert "<del" in html
    assert "Court date 3 May." in html
    assert "Wrong client file" in html
    # and it can no longer be edited
    assert client.get(reverse("cases:note_edit", args=[case.pk, note.pk])).status_code == 302


def test_others_may_not_edit_and_hidden_notes_are_not_found(personas, case):
    note = do_add_note(
        actor=personas["legal_advocate"], case=case, confidentiality="legal", kind="other", body="Privileged."
    )
    general = do_add_note(
        actor=personas["case_manager"], case=case, confidentiality="general", kind="other", body="Shared."
    )
    # a clinician may not even learn the legal note exists
    clinician = login_client(personas["clinician"])
    for name in ("cases:note_edit", "cases:note_strike"):
        assert clinician.get(reverse(name, args=[case.pk, note.pk])).status_code == 404
    # a colleague who can read a general note still may not change it
    post = clinician.post(
        reverse("cases:note_edit", args=[case.pk, general.pk]),
        {"kind": "other", "occurred_on": "2026-01-01", "body": "Changed.", "version": 1},
    )
    assert post.status_code == 403
    general.refresh_from_db()
    assert general.body == "Shared."


def test_reading_notes_is_audited(personas, case):
    note = do_add_note(actor=personas["clinician"], case=case, confidentiality="clinical", kind="other", body="x")
    # when the clinician reads the notes tab and one note through the API
    client = login_client(personas["clinician"])
    client.get(_notes_url(case))
    client.get(f"/api/v1/cases/{case.pk}/notes/{note.pk}")
    # then both reads left an audit row naming the reader and what was read (codes only)
    listed = AuditEvent.objects.get(action="case.notes_read", actor_id=personas["clinician"].pk)
    assert (listed.object_id, listed.detail) == (str(case.pk), {"levels": ["general", "clinical"]})
    single = AuditEvent.objects.get(action="case_note.read")
    assert (single.object_type, single.object_id) == ("case_note", str(note.pk))


def test_a_denied_note_read_is_audited_too(personas, case):
    note = do_add_note(actor=personas["clinician"], case=case, confidentiality="clinical", kind="other", body="x")
    login_client(personas["case_manager"]).get(f"/api/v1/cases/{case.pk}/notes/{note.pk}")
    assert AuditEvent.objects.filter(action="access.denied", object_type="case_note", object_id=str(note.pk)).exists()


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len([q for q in context.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_notes_tab_query_count_does_not_grow_with_notes(personas, case, assert_max_queries):
    client = login_client(personas["clinician"])
    writers = ["case_manager", "clinician", "legal_advocate"]

    def add(count):
        for i in range(count):
            writer = writers[i % 3]
            level = {"case_manager": "general", "clinician": "clinical", "legal_advocate": "legal"}[writer]
            do_add_note(actor=personas[writer], case=case, confidentiality=level, kind="other", body=f"Note {i}.")

    # given a few notes by different authors, then many more
    add(3)
    few = _count_queries(client, _notes_url(case))
    add(60)
    # then the page takes the same number of queries, within budget
    with assert_max_queries(20):
        many = _count_queries(client, _notes_url(case))
    assert many <= few
