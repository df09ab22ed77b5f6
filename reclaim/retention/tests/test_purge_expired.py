"""The scheduled purge: what is past the policy goes, holds keep cases, audit rows carry no personal data."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from reclaim.cases.actions import do_add_note
from reclaim.cases.models import Case
from reclaim.documents.actions import do_upload_document
from reclaim.documents.files import document_storage
from reclaim.documents.models import Document, DocumentVersion
from reclaim.legal.actions import do_add_deadline, do_close_matter, do_open_matter
from reclaim.legal.models import MatterType
from reclaim.people.actions import do_create_survivor
from reclaim.people.models import Survivor
from reclaim.retention.actions import do_lift_legal_hold, do_place_legal_hold, do_set_retention_policy, purge_expired
from reclaim.retention.selectors import hold_reasons, preview_for
from reclaim.retention.tests.support import audit_mark, audit_since, closed_case

MARKERS = ("Zephyrine", "Okonkwo-Marlowe", "555 019 2277", "knife in the kitchen drawer")


def _person(agency, team, personas, reference="R-1"):
    return do_create_survivor(
        actor=None,
        agency=agency,
        reference=reference,
        given_name=MARKERS[0],
        family_name=MARKERS[1],
        phone=f"+1 {MARKERS[2]}",
        team=team,
        assigned=[personas["case_manager"], personas["legal_advocate"]],
    )


def _pdf(name="letter.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% retention\n", content_type="application/pdf")


def test_a_case_past_the_policy_goes_with_its_person_and_a_newer_one_stays(agency, team, personas):
    # given one case closed eight years ago and another person's case closed six years ago (default: seven years)
    old = closed_case(personas, _person(agency, team, personas), years_ago=8)
    recent = closed_case(personas, _person(agency, team, personas, "R-2"), years_ago=6)
    # when the purge runs
    result = purge_expired(agencies=[agency])
    # then only the old case and its person are gone
    assert (result.cases, result.survivors) == (1, 1)
    assert not Case.objects.filter(pk=old.pk).exists()
    assert not Survivor.objects.filter(pk=old.survivor_id).exists()
    assert Case.objects.filter(pk=recent.pk).exists()
    # and a shorter policy reaches the second one on the next run
    do_set_retention_policy(
        actor=personas["agency_admin"], agency=agency, case_months=60, document_months=60, expected_version=0
    )
    assert purge_expired(agencies=[agency]).cases == 1
    assert not Case.objects.filter(pk=recent.pk).exists()


def test_a_person_with_a_case_still_kept_stays(agency, team, personas):
    # given a person with an expired closed case and an open one
    person = _person(agency, team, personas)
    old = closed_case(personas, person, years_ago=9)
    from reclaim.cases.actions import do_open_case

    current = do_open_case(actor=personas["case_manager"], survivor=person, team=team)
    # when
    result = purge_expired(agencies=[agency])
    # then the old case goes, the person and the open case stay
    assert (result.cases, result.survivors) == (1, 0)
    assert not Case.objects.filter(pk=old.pk).exists()
    assert Case.objects.filter(pk=current.pk).exists()
    assert Survivor.objects.filter(pk=person.pk).exists()


def test_a_legal_hold_keeps_the_case_until_it_is_lifted(agency, team, personas):
    # given an expired case under a hold placed by the legal advocate
    case = closed_case(personas, _person(agency, team, personas), years_ago=10)
    hold = do_place_legal_hold(actor=personas["legal_advocate"], case=case, reason="Subpoena in the trafficker's trial")
    # when the purge runs
    assert purge_expired(agencies=[agency]).cases == 0
    # then the case is kept, and the preview counts it as held
    assert Case.objects.filter(pk=case.pk).exists()
    assert (preview_for(agency.pk).cases, preview_for(agency.pk).held) == (0, 1)
    # when the hold is lifted, the next run removes it
    do_lift_legal_hold(actor=personas["agency_admin"], hold=hold, reason="Trial over")
    assert purge_expired(agencies=[agency]).cases == 1
    assert not Case.objects.filter(pk=case.pk).exists()


def test_an_open_legal_matter_with_a_pending_deadline_holds_the_case(agency, team, personas):
    # given an expired case with an open T-visa matter and a deadline not yet done
    case = closed_case(personas, _person(agency, team, personas), years_ago=10)
    advocate = personas["legal_advocate"]
    matter = do_open_matter(
        actor=advocate,
        case=case,
        matter_type=MatterType.objects.get(agency__isnull=True, jurisdiction="US", code="t_visa"),
        opened_on=timezone.localdate(),
    )
    do_add_deadline(actor=advocate, matter=matter, kind="hearing", title="Hearing", due_on=timezone.localdate())
    # when / then the purge keeps it, and the case page's reasons say why
    assert purge_expired(agencies=[agency]).cases == 0
    assert sorted(hold_reasons([case.pk])[case.pk]) == ["open_deadline", "open_matter"]
    # when the matter is closed (which settles its deadlines), the next run removes the case
    do_close_matter(
        actor=advocate, matter=matter, outcome="withdrawn", on=timezone.localdate(), expected_version=matter.version
    )
    assert hold_reasons([case.pk]) == {}
    assert purge_expired(agencies=[agency]).cases == 1


def test_documents_of_closed_cases_go_first_when_their_period_is_shorter(agency, team, personas):
    # given documents kept four years, cases seven, and a case closed five years ago with an uploaded file
    do_set_retention_policy(
        actor=personas["agency_admin"], agency=agency, case_months=84, document_months=48, expected_version=0
    )
    person = _person(agency, team, personas)
    case = closed_case(personas, person, years_ago=5)
    document = do_upload_document(
        actor=personas["case_manager"], survivor=person, case=case, kind="correspondence", upload=_pdf()
    )
    storage_name = DocumentVersion.objects.get(document=document).storage_name
    assert document_storage().exists(storage_name)
    mark = audit_mark()
    # when
    result = purge_expired(agencies=[agency])
    # then the document and its stored file go, the case stays, and one audit row names the document
    assert (result.cases, result.documents, result.files) == (0, 1, 1)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not document_storage().exists(storage_name)
    assert Case.objects.filter(pk=case.pk).exists()
    assert [(r.action, r.object_id) for r in audit_since(mark)] == [("retention.document_purged", str(document.pk))]


def test_one_audit_row_per_purged_record_and_no_personal_data_in_them(agency, team, personas):
    # given an expired case whose person, note and document carry recognisable markers
    person = _person(agency, team, personas)
    case = closed_case(personas, person, years_ago=8)
    do_add_note(
        actor=personas["case_manager"], case=case, confidentiality="general", kind="phone_call", body=MARKERS[3]
    )
    do_upload_document(
        actor=personas["case_manager"],
        survivor=person,
        case=case,
        kind="correspondence",
        title=MARKERS[0],
        upload=_pdf(),
    )
    mark = audit_mark()
    # when
    purge_expired(agencies=[agency])
    # then one row for the case and one for the person, with ids and a reason only
    rows = audit_since(mark)
    assert [(r.action, r.object_id) for r in rows] == [
        ("retention.case_purged", str(case.pk)),
        ("retention.survivor_purged", str(person.pk)),
    ]
    assert rows[0].detail == {"reason": "retention_expired", "survivor_id": str(person.pk), "survivor_removed": True}
    text = json.dumps([[r.action, r.object_type, r.object_id, r.purpose, r.detail] for r in rows])
    assert not any(marker.lower() in text.lower() for marker in MARKERS)


def test_dry_run_command_counts_and_changes_nothing(agency, team, personas, capsys):
    # given one expired case
    case = closed_case(personas, _person(agency, team, personas), years_ago=8)
    # when the command runs with --dry-run
    call_command("purge_expired", "--agency", agency.slug, "--dry-run")
    # then it prints counts and keeps the case
    assert "would remove cases=1 survivors=1 documents=0; held=0" in capsys.readouterr().out
    assert Case.objects.filter(pk=case.pk).exists()
    # and without --dry-run it removes it
    call_command("purge_expired", "--agency", agency.slug)
    assert "removed cases=1 survivors=1" in capsys.readouterr().out
    assert not Case.objects.filter(pk=case.pk).exists()


def test_the_scheduled_task_is_registered(settings):
    # the scheduler enqueues it daily
    assert (
        "purge_expired_records",
        86400,
        "reclaim.retention.tasks.purge_expired_records",
    ) in settings.RECLAIM_PERIODIC_JOBS
