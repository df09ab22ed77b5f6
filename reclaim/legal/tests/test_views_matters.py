"""The matter pages: the case's Legal tab, opening a matter, the matter page with its step path, deadlines,
documents and notes, and every write form: happy paths, field errors with nothing saved, conflicts, who sees
what (privileged step notes, notes and documents), and flat query counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import _TEST_TRANSACTION_NOISE as TEST_TRANSACTION_NOISE
from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.documents.models import Document, DocumentVersion
from reclaim.legal.actions import (
    do_add_deadline,
    do_add_matter_document,
    do_add_matter_note,
    do_advance_step,
    do_close_matter,
    do_open_matter,
)
from reclaim.legal.models import LegalDeadline, LegalMatter, MatterDocument, MatterNote, MatterStepChange
from reclaim.legal.tests.conftest import shipped

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n% declaration\n%%EOF\n"


def pdf(name: str = "declaration.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def real_queries(context) -> int:
    return sum(1 for q in context.captured_queries if not q["sql"].startswith(TEST_TRANSACTION_NOISE))


def matter_url(matter, name: str = "legal:matter", *extra) -> str:
    return reverse(name, args=[matter.pk, *extra])


# --- The Legal tab --------------------------------------------------------------------------------------------


def test_the_legal_tab_lists_open_matters_first_with_the_next_deadline_said_in_words(personas, case, t_visa):
    advocate = personas["legal_advocate"]
    # given an overdue deadline on the open T visa, and a closed protective order opened later
    do_add_deadline(
        actor=advocate, matter=t_visa, kind="filing", title="File the I-914", due_on=TODAY - datetime.timedelta(days=3)
    )
    order = do_open_matter(
        actor=advocate, case=case, matter_type=shipped("protective_order"), opened_on=TODAY - datetime.timedelta(days=1)
    )
    do_close_matter(actor=advocate, matter=order, outcome="withdrawn", on=TODAY, expected_version=order.version)
    # when the case manager opens the Legal tab
    response = login_client(personas["case_manager"]).get(reverse("legal:case_matters", args=[case.pk]))
    # then the open matter comes first, with its overdue deadline said in words, and the closed one after
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("T visa") < html.index("Protective or restraining order")
    assert "Overdue by 3 days" in html
    assert "File the I-914" in html
    assert "Withdrawn" in html
    assert reverse("legal:matter_open", args=[case.pk]) in html
    assert 'aria-current="page">Legal<' in html


def test_read_only_readers_see_the_tab_without_the_open_button(personas, case, t_visa):
    response = login_client(personas["program_director"]).get(reverse("legal:case_matters", args=[case.pk]))
    assert response.status_code == 200
    assert "T visa" in response.content.decode()
    assert reverse("legal:matter_open", args=[case.pk]) not in response.content.decode()


def test_days_left_are_counted(personas, t_visa):
    do_add_deadline(
        actor=personas["legal_advocate"],
        matter=t_visa,
        kind="hearing",
        title="Hearing",
        due_on=TODAY + datetime.timedelta(days=5),
    )
    response = login_client(personas["case_manager"]).get(reverse("legal:case_matters", args=[t_visa.case_id]))
    assert "5 days left" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["other_agency_user", "volunteer", "analyst", "agency_admin", "outreach_coordinator"]
)
def test_people_who_may_not_read_the_case_get_404(personas, case, t_visa, persona):
    client = login_client(personas[persona])
    assert client.get(reverse("legal:case_matters", args=[case.pk])).status_code == 404
    assert client.get(matter_url(t_visa)).status_code == 404


def test_the_legal_tab_query_count_does_not_grow_with_matters(personas, case, assert_max_queries):
    advocate = personas["legal_advocate"]
    client = login_client(personas["case_manager"])
    url = reverse("legal:case_matters", args=[case.pk])

    def add_matter(code: str) -> None:
        matter = do_open_matter(actor=advocate, case=case, matter_type=shipped(code), opened_on=TODAY)
        do_add_deadline(actor=advocate, matter=matter, kind="due", title="Due", due_on=TODAY)

    add_matter("t_visa")
    client.get(url)  # warm up: session and per-process lookups
    with assert_max_queries(100) as one:
        client.get(url)
    for code in ("u_visa", "continued_presence", "protective_order"):
        add_matter(code)
    with assert_max_queries(real_queries(one)):
        response = client.get(url)
    assert response.content.decode().count('<th scope="row">') == 4


# --- Opening a matter -----------------------------------------------------------------------------------------


def test_the_advocate_opens_a_matter_with_counsel(personas, case):
    advocate = personas["legal_advocate"]
    client = login_client(advocate)
    form = client.get(reverse("legal:matter_open", args=[case.pk]))
    assert form.status_code == 200
    assert "<optgroup" in form.content.decode()
    response = client.post(
        reverse("legal:matter_open", args=[case.pk]),
        {
            "matter_type": str(shipped("t_visa").pk),
            "opened_on": TODAY.isoformat(),
            "advocate": str(advocate.pk),
            "counsel_name": "J. Rivera, Esq.",
            "reference": "EAC-00-000-00000",
            "summary": "Forced labour on a farm.",
        },
    )
    matter = LegalMatter.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == matter_url(matter)
    assert (matter.current_step.code, matter.advocate, matter.counsel_name) == (
        "screening",
        advocate,
        "J. Rivera, Esq.",
    )


def test_a_matter_already_under_way_starts_at_its_step_with_its_deadline(personas, case):
    t_visa = shipped("t_visa")
    filed = t_visa.steps.get(code="application_filed")
    response = login_client(personas["legal_advocate"]).post(
        reverse("legal:matter_open", args=[case.pk]),
        {"matter_type": str(t_visa.pk), "opened_on": TODAY.isoformat(), "start_step": str(filed.pk)},
    )
    assert response.status_code == 302
    matter = LegalMatter.objects.get(case=case)
    assert matter.current_step == filed
    assert LegalDeadline.objects.get(matter=matter).title == "Receipt notice expected"


def test_bad_answers_get_field_errors_and_nothing_is_saved(personas, case):
    client = login_client(personas["legal_advocate"])
    url = reverse("legal:matter_open", args=[case.pk])
    # no type, and a date in the future
    first = client.post(url, {"opened_on": (TODAY + datetime.timedelta(days=2)).isoformat()})
    assert first.status_code == 200
    assert "Choose a type of matter from the list." in first.content.decode() or "This field is required" in (
        first.content.decode()
    )
    # a step of another type
    other_step = shipped("u_visa").steps.order_by("position").last()
    second = client.post(
        url,
        {"matter_type": str(shipped("t_visa").pk), "opened_on": TODAY.isoformat(), "start_step": str(other_step.pk)},
    )
    assert "This step belongs to another type of matter." in second.content.decode()
    # a future date passes the form but not the action
    third = client.post(
        url,
        {"matter_type": str(shipped("t_visa").pk), "opened_on": (TODAY + datetime.timedelta(days=2)).isoformat()},
    )
    assert "Not later than today." in third.content.decode()
    assert not LegalMatter.objects.exists()
    assert not MatterStepChange.objects.exists()


def test_read_only_readers_may_not_open_a_matter(personas, case):
    response = login_client(personas["program_director"]).get(reverse("legal:matter_open", args=[case.pk]))
    assert response.status_code == 403


# --- The matter page ------------------------------------------------------------------------------------------


def test_reading_a_matter_is_audited(personas, t_visa):
    before = AuditEvent.objects.filter(action="legal_matter.read", object_id=str(t_visa.pk)).count()
    response = login_client(personas["case_manager"]).get(matter_url(t_visa))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="legal_matter.read", object_id=str(t_visa.pk)).count() == before + 1


def _privileged_material(personas, t_visa):
    advocate = personas["legal_advocate"]
    do_advance_step(
        actor=advocate,
        matter=t_visa,
        to_step="le_declaration_requested",
        on=TODAY,
        expected_version=t_visa.version,
        note="Strategy: ask the FBI victim specialist first.",
    )
    do_add_matter_note(actor=advocate, matter=t_visa, body="Privileged: her account of the recruitment.")
    do_add_matter_note(
        actor=advocate, matter=t_visa, body="General: interpreter booked for Tuesday.", confidentiality="general"
    )
    do_add_matter_document(actor=advocate, matter=t_visa, upload=pdf(), title="Privileged declaration")
    do_add_matter_document(
        actor=advocate, matter=t_visa, upload=pdf("receipt.pdf"), title="Receipt copy", confidentiality="general"
    )


@pytest.mark.parametrize("persona", ["case_manager", "clinician"])
def test_privileged_material_is_hidden_from_other_roles(personas, t_visa, persona):
    # given a step note, a legal note and a legal document on the matter, plus general ones
    _privileged_material(personas, t_visa)
    # when a case manager or clinician opens the matter
    html = login_client(personas[persona]).get(matter_url(t_visa)).content.decode()
    # then they see the matter, its step path and the general items, never the privileged ones
    assert "Law-enforcement declaration requested" in html
    assert "Strategy" not in html
    assert "Privileged" not in html
    assert "General: interpreter booked for Tuesday." in html
    assert "Receipt copy" in html
    assert "Notes on the steps are kept for the legal team." in html


def test_the_legal_team_sees_privileged_material(personas, t_visa):
    _privileged_material(personas, t_visa)
    html = login_client(personas["legal_advocate"]).get(matter_url(t_visa)).content.decode()
    assert "Strategy: ask the FBI victim specialist first." in html
    assert "Privileged: her account of the recruitment." in html
    assert "Privileged declaration" in html
    document = Document.objects.get(confidentiality="legal")
    assert reverse("documents:download", args=[document.pk, 1]) in html


def test_read_only_readers_get_no_write_forms(personas, t_visa):
    html = login_client(personas["program_director"]).get(matter_url(t_visa)).content.decode()
    assert matter_url(t_visa, "legal:matter_step") not in html
    assert matter_url(t_visa, "legal:matter_document_add") not in html
    assert matter_url(t_visa, "legal:matter_note_add") not in html


def test_the_matter_page_query_count_does_not_grow(personas, t_visa, assert_max_queries):
    advocate = personas["legal_advocate"]
    client = login_client(advocate)

    def add_items(n: int) -> None:
        for i in range(n):
            do_add_deadline(actor=advocate, matter=t_visa, kind="due", title=f"Due {i}", due_on=TODAY)
            do_add_matter_note(actor=advocate, matter=t_visa, body=f"Note {i}")
            do_add_matter_document(actor=advocate, matter=t_visa, upload=pdf(f"d{i}.pdf"))

    add_items(1)
    client.get(matter_url(t_visa))  # warm up: session and per-process lookups
    with assert_max_queries(100) as one:
        client.get(matter_url(t_visa))
    add_items(2)
    with assert_max_queries(real_queries(one)):
        response = client.get(matter_url(t_visa))
    assert response.content.decode().count("Note ") >= 3


# --- Steps, closing, details ----------------------------------------------------------------------------------


def test_moving_to_application_filed_creates_its_deadline(personas, t_visa):
    client = login_client(personas["legal_advocate"])
    page = client.get(matter_url(t_visa)).content.decode()
    assert "Receipt notice expected" in page  # the hint names the step that uses the deadline date
    response = client.post(
        matter_url(t_visa, "legal:matter_step"),
        {
            "step-to_step": "application_filed",
            "step-on": TODAY.isoformat(),
            "step-note": "Filed by courier.",
            "step-version": t_visa.version,
        },
    )
    assert response.status_code == 302
    t_visa.refresh_from_db()
    assert t_visa.current_step.code == "application_filed"
    deadline = LegalDeadline.objects.get(matter=t_visa)
    assert deadline.due_on == TODAY + datetime.timedelta(days=30)
    assert "Receipt notice expected" in client.get(matter_url(t_visa)).content.decode()


def test_a_stale_step_form_shows_a_conflict_and_changes_nothing(personas, t_visa):
    client = login_client(personas["legal_advocate"])
    stale = t_visa.version
    do_advance_step(
        actor=personas["legal_advocate"],
        matter=t_visa,
        to_step="le_declaration_requested",
        on=TODAY,
        expected_version=stale,
    )
    response = client.post(
        matter_url(t_visa, "legal:matter_step"),
        {"step-to_step": "application_filed", "step-on": TODAY.isoformat(), "step-version": stale},
    )
    assert response.status_code == 200
    assert "Someone else changed this matter" in response.content.decode()
    t_visa.refresh_from_db()
    assert t_visa.current_step.code == "le_declaration_requested"
    assert not LegalDeadline.objects.filter(matter=t_visa).exists()


def test_a_step_that_is_not_next_is_a_field_error(personas, t_visa):
    response = login_client(personas["legal_advocate"]).post(
        matter_url(t_visa, "legal:matter_step"),
        {"step-to_step": "approved", "step-on": TODAY.isoformat(), "step-version": t_visa.version},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    t_visa.refresh_from_db()
    assert t_visa.current_step.code == "screening"


def test_closing_a_matter(personas, t_visa):
    client = login_client(personas["legal_advocate"])
    bad = client.post(matter_url(t_visa, "legal:matter_close"), {"close-on": TODAY.isoformat(), "close-version": 1})
    assert bad.status_code == 200
    t_visa.refresh_from_db()
    assert t_visa.is_open
    response = client.post(
        matter_url(t_visa, "legal:matter_close"),
        {
            "close-outcome": "withdrawn",
            "close-on": TODAY.isoformat(),
            "close-note": "She chose not to go on.",
            "close-version": 1,
        },
    )
    assert response.status_code == 302
    t_visa.refresh_from_db()
    assert (t_visa.status, t_visa.outcome, t_visa.outcome_note) == ("closed", "withdrawn", "She chose not to go on.")
    # the note about the outcome is privileged
    assert (
        "She chose not to go on." not in login_client(personas["case_manager"]).get(matter_url(t_visa)).content.decode()
    )


def test_editing_details_and_the_conflict_screen(personas, t_visa):
    client = login_client(personas["case_manager"])
    url = matter_url(t_visa, "legal:matter_edit")
    assert client.get(url).status_code == 200
    saved = client.post(url, {"counsel_name": "Legal Aid", "reference": "R-1", "version": t_visa.version})
    assert saved.status_code == 302
    t_visa.refresh_from_db()
    assert (t_visa.counsel_name, t_visa.reference, t_visa.version) == ("Legal Aid", "R-1", 2)
    # a second, stale edit shows what is saved now and keeps the entries
    stale = client.post(url, {"counsel_name": "Someone else", "reference": "R-2", "version": 1})
    html = stale.content.decode()
    assert stale.status_code == 200
    assert "Someone else changed this matter while you were editing" in html
    assert "Legal Aid" in html and "R-2" in html
    t_visa.refresh_from_db()
    assert t_visa.reference == "R-1"


# --- Deadlines -----------------------------------------------------------------------------------------------


def test_adding_changing_and_completing_a_deadline(personas, t_visa):
    client = login_client(personas["case_manager"])
    # bad input: no date
    bad = client.post(matter_url(t_visa, "legal:deadline_add"), {"deadline-kind": "hearing", "deadline-title": "x"})
    assert bad.status_code == 200
    assert not LegalDeadline.objects.exists()
    # bad offsets
    bad = client.post(
        matter_url(t_visa, "legal:deadline_add"),
        {
            "deadline-kind": "hearing",
            "deadline-title": "x",
            "deadline-due_on": TODAY.isoformat(),
            "deadline-reminder_offsets": "soon",
        },
    )
    assert "Use whole numbers of days" in bad.content.decode()
    assert not LegalDeadline.objects.exists()
    added = client.post(
        matter_url(t_visa, "legal:deadline_add"),
        {
            "deadline-kind": "hearing",
            "deadline-title": "Family court hearing",
            "deadline-due_on": (TODAY + datetime.timedelta(days=20)).isoformat(),
            "deadline-reminder_offsets": "14, 2",
        },
    )
    assert added.status_code == 302
    deadline = LegalDeadline.objects.get()
    assert deadline.reminder_offsets == [14, 2]
    # move it
    edit_url = matter_url(t_visa, "legal:deadline_edit", deadline.pk)
    assert client.get(edit_url).status_code == 200
    moved = client.post(edit_url, {"due_on": (TODAY + datetime.timedelta(days=40)).isoformat(), "version": 1})
    assert moved.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.title, deadline.reminder_offsets) == (
        TODAY + datetime.timedelta(days=40),
        "Family court hearing",
        [14, 2],
    )
    # a stale edit is a conflict
    stale = client.post(edit_url, {"due_on": TODAY.isoformat(), "version": 1})
    assert "Someone else changed this deadline" in stale.content.decode()
    deadline.refresh_from_db()
    assert deadline.due_on == TODAY + datetime.timedelta(days=40)
    # a stale "done" is a conflict too; then it is marked done
    done_url = matter_url(t_visa, "legal:deadline_done", deadline.pk)
    conflict = client.post(done_url, {"on": TODAY.isoformat(), "version": 1})
    assert "Someone else changed this matter" in conflict.content.decode()
    future = client.post(done_url, {"on": (TODAY + datetime.timedelta(days=1)).isoformat(), "version": 2})
    assert "Not later than today." in future.content.decode()
    done = client.post(done_url, {"on": TODAY.isoformat(), "version": 2})
    assert done.status_code == 302
    deadline.refresh_from_db()
    assert deadline.done_on == TODAY


def test_a_deadline_of_another_matter_is_not_found(personas, case, t_visa):
    other = do_open_matter(actor=personas["legal_advocate"], case=case, matter_type=shipped("u_visa"), opened_on=TODAY)
    deadline = do_add_deadline(actor=personas["legal_advocate"], matter=other, kind="due", title="x", due_on=TODAY)
    client = login_client(personas["legal_advocate"])
    assert client.get(matter_url(t_visa, "legal:deadline_edit", deadline.pk)).status_code == 404


# --- Documents and notes --------------------------------------------------------------------------------------


def test_uploading_a_declaration_is_privileged_by_default(personas, t_visa):
    client = login_client(personas["legal_advocate"])
    response = client.post(
        matter_url(t_visa, "legal:matter_document_add"),
        {
            "document-file": pdf("../../etc/passwd.pdf"),
            "document-kind": "legal_filing",
            "document-confidentiality": "legal",
            "document-title": "Declaration",
        },
    )
    assert response.status_code == 302
    link = MatterDocument.objects.get(matter=t_visa)
    assert link.document.confidentiality == "legal"
    assert DocumentVersion.objects.get(document=link.document).original_filename == "passwd.pdf"
    page = client.get(matter_url(t_visa)).content.decode()
    assert "Declaration" in page


def test_a_case_manager_may_file_general_documents_only(personas, t_visa):
    client = login_client(personas["case_manager"])
    page = client.get(matter_url(t_visa)).content.decode()
    assert 'value="legal"' not in page.split('id="id_document-confidentiality"')[1].split("</select>")[0]
    refused = client.post(
        matter_url(t_visa, "legal:matter_document_add"),
        {"document-file": pdf(), "document-kind": "legal_filing", "document-confidentiality": "legal"},
    )
    assert refused.status_code == 200
    assert not Document.objects.exists()
    wrong_type = client.post(
        matter_url(t_visa, "legal:matter_document_add"),
        {
            "document-file": pdf("x.pdf", b"MZ\x90\x00 not a pdf"),
            "document-kind": "legal_filing",
            "document-confidentiality": "general",
        },
    )
    assert "This type of file is not accepted." in wrong_type.content.decode()
    assert not Document.objects.exists() and not MatterDocument.objects.exists()
    ok = client.post(
        matter_url(t_visa, "legal:matter_document_add"),
        {"document-file": pdf("..\\x.pdf"), "document-kind": "correspondence", "document-confidentiality": "general"},
    )
    assert ok.status_code == 302
    assert DocumentVersion.objects.get().original_filename == "x.pdf"


def test_notes_on_a_matter(personas, t_visa):
    advocate = login_client(personas["legal_advocate"])
    empty = advocate.post(
        matter_url(t_visa, "legal:matter_note_add"), {"note-confidentiality": "legal", "note-kind": "other"}
    )
    assert "Write the note before saving it." in empty.content.decode()
    assert not MatterNote.objects.exists()
    saved = advocate.post(
        matter_url(t_visa, "legal:matter_note_add"),
        {
            "note-body": "Called the attorney.",
            "note-confidentiality": "legal",
            "note-kind": "phone_call",
            "note-occurred_on": TODAY.isoformat(),
        },
    )
    assert saved.status_code == 302
    note = MatterNote.objects.get(matter=t_visa).note
    assert (note.confidentiality, note.body) == ("legal", "Called the attorney.")
    # the case manager cannot write a legal note, and does not read this one
    manager = login_client(personas["case_manager"])
    refused = manager.post(
        matter_url(t_visa, "legal:matter_note_add"),
        {"note-body": "Mine.", "note-confidentiality": "legal", "note-kind": "other"},
    )
    assert refused.status_code == 200
    assert MatterNote.objects.count() == 1
    assert "Called the attorney." not in manager.get(matter_url(t_visa)).content.decode()


def test_the_case_timeline_links_legal_events_to_their_matter(personas, t_visa):
    response = login_client(personas["case_manager"]).get(
        reverse("cases:timeline", args=[t_visa.case_id]), {"category": "legal"}
    )
    html = response.content.decode()
    assert "Legal matter opened" in html
    assert reverse("legal:matter", args=[t_visa.pk]) in html
    assert "Employer kept her passport" not in html  # the summary never reaches the timeline


def test_a_legal_advocate_opening_a_matter_is_its_advocate_unless_they_change_it(personas, case):
    advocate_form = login_client(personas["legal_advocate"]).get(reverse("legal:matter_open", args=[case.pk]))
    assert advocate_form.context["form"]["advocate"].value() == personas["legal_advocate"].pk
    manager_form = login_client(personas["case_manager"]).get(reverse("legal:matter_open", args=[case.pk]))
    assert manager_form.context["form"]["advocate"].value() is None
