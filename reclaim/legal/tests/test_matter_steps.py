"""The matter lifecycle on the shipped US federal set: steps follow the set, deadlines and expiries come
with the steps that carry them, outcomes settle and close the matter, and bad moves change nothing."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.errors import DomainError, EditConflict, InvalidTransition
from reclaim.legal.actions import (
    do_add_deadline,
    do_advance_step,
    do_change_deadline,
    do_close_matter,
    do_complete_deadline,
    do_open_matter,
)
from reclaim.legal.loader import SHIPPED_DIR, check_set, install_set, read_set
from reclaim.legal.models import LegalDeadline, LegalMatter, MatterStatus, MatterStepChange, MatterType
from reclaim.legal.selectors import has_privileged_access, matter_types_for
from reclaim.legal.tests.conftest import shipped

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_shipped_set_is_valid_and_installed():
    data = read_set(SHIPPED_DIR / "us-federal.json")
    assert check_set(data) == []
    t_visa = shipped("t_visa")
    assert [s.code for s in t_visa.steps.order_by("position")][:3] == [
        "screening",
        "le_declaration_requested",
        "application_filed",
    ]
    assert shipped("continued_presence").steps.get(code="granted").expiry_months == 24


def test_a_matter_walks_its_steps_and_the_filing_step_brings_its_deadline(personas, t_visa):
    advocate = personas["legal_advocate"]
    assert t_visa.current_step.code == "screening"
    on = TODAY - datetime.timedelta(days=2)
    matter = do_advance_step(actor=advocate, matter=t_visa, to_step="application_filed", on=on, expected_version=1)
    deadline = LegalDeadline.objects.get(matter=matter)
    assert (deadline.kind, deadline.due_on, deadline.reminder_offsets) == (
        "due",
        on + datetime.timedelta(days=30),
        [90, 30, 7],
    )
    matter = do_advance_step(actor=advocate, matter=matter, to_step="receipt", on=TODAY, expected_version=2)
    deadline.refresh_from_db()
    assert deadline.done_on == TODAY  # leaving the step meets its deadline
    assert MatterStepChange.objects.filter(matter=matter).count() == 3
    types = list(CaseEvent.objects.filter(case=matter.case, type__startswith="legal_").values_list("type", flat=True))
    assert types.count(EventType.LEGAL_STEP_CHANGED) == 2


def test_approval_starts_the_four_year_expiry_and_sets_relief(personas, t_visa):
    advocate = personas["legal_advocate"]
    matter = t_visa
    for number, code in enumerate(["application_filed", "receipt", "bona_fide", "approved"], start=1):
        matter = do_advance_step(actor=advocate, matter=matter, to_step=code, on=TODAY, expected_version=number)
    expiry = LegalDeadline.objects.get(matter=matter, kind="expiry")
    assert expiry.due_on == TODAY + relativedelta(months=48)
    assert matter.outcome == "granted" and matter.is_open  # adjustment of status may follow
    assert matter.relief_obtained == "t_visa"


def test_a_final_step_closes_the_matter_but_keeps_expiries(personas, case):
    advocate = personas["legal_advocate"]
    matter = do_open_matter(actor=advocate, case=case, matter_type=shipped("continued_presence"), opened_on=TODAY)
    matter = do_advance_step(actor=advocate, matter=matter, to_step="granted", on=TODAY, expected_version=1)
    assert LegalDeadline.objects.get(matter=matter, kind="expiry").due_on == TODAY + relativedelta(months=24)
    matter = do_advance_step(actor=advocate, matter=matter, to_step="renewal_requested", on=TODAY, expected_version=2)
    matter = do_advance_step(actor=advocate, matter=matter, to_step="granted", on=TODAY, expected_version=3)
    # the renewal supersedes the first expiry: one open expiry
    assert LegalDeadline.objects.filter(matter=matter, kind="expiry", done_on__isnull=True).count() == 1
    hhs = do_open_matter(actor=advocate, case=case, matter_type=shipped("hhs_certification"), opened_on=TODAY)
    hhs = do_advance_step(actor=advocate, matter=hhs, to_step="requested", on=TODAY, expected_version=1)
    hhs = do_advance_step(actor=advocate, matter=hhs, to_step="issued", on=TODAY, expected_version=2)
    assert (hhs.status, hhs.closed_on, hhs.outcome) == (MatterStatus.CLOSED, TODAY, "granted")


def test_a_step_the_set_does_not_allow_is_refused_and_nothing_changes(personas, t_visa):
    with pytest.raises(InvalidTransition):
        do_advance_step(
            actor=personas["legal_advocate"], matter=t_visa, to_step="approved", on=TODAY, expected_version=1
        )
    with pytest.raises(EditConflict):
        do_advance_step(
            actor=personas["legal_advocate"], matter=t_visa, to_step="application_filed", on=TODAY, expected_version=7
        )
    with pytest.raises(DomainError):
        do_advance_step(
            actor=personas["legal_advocate"],
            matter=t_visa,
            to_step="application_filed",
            on=TODAY + datetime.timedelta(days=1),
            expected_version=1,
        )
    t_visa.refresh_from_db()
    assert (t_visa.current_step.code, t_visa.version) == ("screening", 1)
    assert not LegalDeadline.objects.filter(matter=t_visa).exists()


def test_a_deadline_date_given_by_the_worker_wins_and_cannot_precede_the_step(personas, case):
    advocate = personas["legal_advocate"]
    order = do_open_matter(actor=advocate, case=case, matter_type=shipped("protective_order"), opened_on=TODAY)
    order = do_advance_step(actor=advocate, matter=order, to_step="petition_filed", on=TODAY, expected_version=1)
    with pytest.raises(DomainError):
        do_advance_step(
            actor=advocate,
            matter=order,
            to_step="hearing_set",
            on=TODAY,
            expected_version=2,
            deadline_on=TODAY - datetime.timedelta(days=1),
        )
    assert not LegalDeadline.objects.filter(matter=order).exists()
    hearing = TODAY + datetime.timedelta(days=12)
    order = do_advance_step(
        actor=advocate, matter=order, to_step="hearing_set", on=TODAY, expected_version=2, deadline_on=hearing
    )
    assert LegalDeadline.objects.get(matter=order).kind == "hearing"


def test_closing_from_any_step_records_the_outcome(personas, t_visa):
    matter = do_close_matter(
        actor=personas["case_manager"],
        matter=t_visa,
        outcome="withdrawn",
        on=TODAY,
        expected_version=1,
        note="She chose not to go on.",
    )
    assert (matter.status, matter.outcome, matter.relief_obtained) == ("closed", "withdrawn", "")
    assert LegalMatter.objects.get(pk=matter.pk).outcome_note == "She chose not to go on."
    with pytest.raises(InvalidTransition):
        do_close_matter(
            actor=personas["case_manager"], matter=matter, outcome="withdrawn", on=TODAY, expected_version=2
        )


def test_privileged_access_is_the_legal_team_or_a_grant(personas, case):
    assert has_privileged_access(personas["legal_advocate"], case)
    assert not has_privileged_access(personas["case_manager"], case)
    assert not has_privileged_access(personas["program_director"], case)


def test_deadlines_added_by_hand_can_be_moved_and_met(personas, t_visa):
    advocate = personas["legal_advocate"]
    with pytest.raises(DomainError):
        do_add_deadline(actor=advocate, matter=t_visa, kind="hearing", title=" ", due_on=TODAY)
    with pytest.raises(DomainError):
        do_add_deadline(
            actor=advocate, matter=t_visa, kind="hearing", title="Hearing", due_on=TODAY, reminder_offsets=[-1]
        )
    assert not LegalDeadline.objects.exists()
    deadline = do_add_deadline(
        actor=advocate, matter=t_visa, kind="hearing", title="Interview", due_on=TODAY, reminder_offsets=[3, 14]
    )
    assert deadline.reminder_offsets == [14, 3]
    later = TODAY + datetime.timedelta(days=20)
    deadline = do_change_deadline(actor=advocate, deadline=deadline, due_on=later, expected_version=1)
    with pytest.raises(EditConflict):
        do_complete_deadline(actor=advocate, deadline=deadline, on=TODAY, expected_version=1)
    deadline = do_complete_deadline(actor=advocate, deadline=deadline, on=TODAY, expected_version=2)
    assert (deadline.due_on, deadline.done_on, deadline.done_by) == (later, TODAY, advocate)


def test_an_agency_copy_of_a_set_replaces_the_shipped_types_for_that_agency_only(agency, other_agency):
    data = read_set(SHIPPED_DIR / "us-federal.json")
    data["matter_types"] = [dict(data["matter_types"][0], label="T visa (our steps)")]
    install_set(django_apps, data, agency_id=agency.pk)
    install_set(django_apps, data, agency_id=agency.pk)  # idempotent
    ours = {t.code: t.label for t in matter_types_for(agency.pk)}
    theirs = {t.code: t.label for t in matter_types_for(other_agency.pk)}
    assert ours["t_visa"] == "T visa (our steps)" and theirs["t_visa"] == "T visa"
    assert len(ours) == len(theirs) == 15


def test_a_broken_set_file_lists_every_problem(tmp_path):
    broken = {
        "set": "x",
        "version": "1",
        "jurisdiction": "XX",
        "matter_types": [
            {
                "code": "a",
                "kind": "nope",
                "label": "A",
                "steps": [{"code": "s", "label": "S", "next": ["t"], "due_in_days": 0}],
            }
        ],
    }
    problems = check_set(broken)
    assert len(problems) == 3, problems
    path = tmp_path / "x.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read"):
        read_set(path)


def test_load_legal_set_checks_then_loads_for_one_agency(agency, tmp_path):
    data = read_set(SHIPPED_DIR / "us-federal.json")
    data.update(set="us-ca", jurisdiction="US-CA", matter_types=[dict(data["matter_types"][5], code="ca_order")])
    path = tmp_path / "us-ca.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("load_legal_set", str(path), "--agency", agency.slug, "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert not MatterType.objects.filter(jurisdiction="US-CA").exists()
    call_command("load_legal_set", str(path), "--agency", agency.slug, stdout=out)
    assert MatterType.objects.get(jurisdiction="US-CA").agency_id == agency.pk
    with pytest.raises(CommandError, match="no active agency"):
        call_command("load_legal_set", str(path), "--agency", "nobody")
