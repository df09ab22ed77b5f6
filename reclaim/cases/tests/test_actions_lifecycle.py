from __future__ import annotations

from datetime import date

import pytest

from reclaim.cases.actions import (
    TransitionRefused,
    do_assign_case,
    do_decide_approval,
    do_open_case,
    do_request_approval,
    do_transition_case,
)
from reclaim.cases.models import CaseEvent, StatusDetermination
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(
        actor=personas["case_manager"],
        survivor=survivor_a,
        identified_on=date(2026, 10, 1),
        identification_source="hotline",
        trafficking_status="PossibleVictimOfTrafficking",
        decided_by="NGO",
    )


def test_open_case_records_identification_determination_and_timeline(case, personas):
    assert case.status == "identified"
    assert case.number.startswith("C")
    assert StatusDetermination.objects.get(case=case).status == "PossibleVictimOfTrafficking"
    assert list(CaseEvent.objects.filter(case=case).values_list("type", flat=True).order_by("at")) == [
        "opened",
        "determination",
    ]
    assert AuditEvent.objects.filter(action="case.opened", object_id=str(case.pk)).exists()
    assert case.assignments.filter(user=personas["case_manager"]).exists()


def test_case_numbers_are_unique_per_agency(personas, survivor_a):
    first = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    second = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    assert first.number != second.number


def test_intake_needs_consent_to_services(case, personas):
    with pytest.raises(TransitionRefused) as refused:
        do_transition_case(actor=personas["case_manager"], case=case, to="intake", expected_version=case.version)
    assert refused.value.missing == ("services_consent",)
    moved = do_transition_case(
        actor=personas["case_manager"],
        case=case,
        to="intake",
        expected_version=case.version,
        services_consent_on=date(2026, 10, 2),
    )
    assert moved.status == "intake"
    assert moved.intake_on is not None


def test_closing_directly_is_refused_on_the_server(case, personas):
    with pytest.raises(TransitionRefused) as refused:
        do_transition_case(actor=personas["supervisor"], case=case, to="closed", expected_version=case.version)
    assert "approval" in refused.value.missing


def test_stale_version_gets_a_conflict_with_the_current_values(case, personas):
    do_transition_case(
        actor=personas["case_manager"],
        case=case,
        to="intake",
        expected_version=1,
        services_consent_on=date(2026, 10, 2),
    )
    with pytest.raises(EditConflict) as conflict:
        do_transition_case(actor=personas["clinician"], case=case, to="closed", expected_version=1)
    assert conflict.value.current == {"status": "intake"}


def test_closure_goes_through_a_supervisor(case, personas):
    # given a closure request by the case manager
    approval = do_request_approval(
        actor=personas["case_manager"],
        case=case,
        kind="close",
        close_reason="not_eligible_or_not_a_victim",
        living_situation="with_family_or_friends",
    )
    # the requester cannot approve their own request, and a second request is refused
    with pytest.raises(DomainError, match="Someone else"):
        do_decide_approval(actor=personas["case_manager"], approval=approval, approve=True)
    with pytest.raises(DomainError, match="already waiting"):
        do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    # when the supervisor approves
    do_decide_approval(actor=personas["supervisor"], approval=approval, approve=True)
    # then the case is closed with its reason and outcomes
    case.refresh_from_db()
    assert (case.status, case.close_reason, case.living_situation) == (
        "closed",
        "not_eligible_or_not_a_victim",
        "with_family_or_friends",
    )
    assert case.closed_at is not None
    # and it can be reopened into intake, keeping history
    reopened = do_transition_case(
        actor=personas["case_manager"],
        case=case,
        to="intake",
        expected_version=case.version,
        services_consent_on=date(2026, 11, 1),
    )
    assert reopened.status == "intake"
    assert reopened.closed_at is None
    assert CaseEvent.objects.filter(case=case, type="reopened").exists()


def test_returned_request_needs_a_comment_and_leaves_the_case(case, personas):
    approval = do_request_approval(actor=personas["case_manager"], case=case, kind="close", close_reason="goals_met")
    with pytest.raises(DomainError, match="change"):
        do_decide_approval(actor=personas["supervisor"], approval=approval, approve=False)
    do_decide_approval(
        actor=personas["supervisor"], approval=approval, approve=False, comment="Check the exit interview first."
    )
    case.refresh_from_db()
    assert case.status == "identified"


def test_exit_to_follow_up_needs_approval_too(case, personas):
    do_transition_case(
        actor=personas["case_manager"],
        case=case,
        to="intake",
        expected_version=case.version,
        services_consent_on=date(2026, 10, 2),
    )
    case.refresh_from_db()
    approval = do_request_approval(actor=personas["case_manager"], case=case, kind="exit_to_follow_up")
    do_decide_approval(actor=personas["program_director"], approval=approval, approve=True)
    case.refresh_from_db()
    assert case.status == "follow_up"


def test_assignment_gives_the_worker_the_case_and_the_survivor(case, personas, team):
    do_assign_case(
        actor=personas["supervisor"],
        case=case,
        lead_worker=personas["legal_advocate"],
        team=team,
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.lead_worker == personas["legal_advocate"]
    assert case.assignments.filter(user=personas["legal_advocate"]).exists()
    assert case.survivor.assignments.filter(user=personas["legal_advocate"]).exists()


def test_assignment_refuses_another_agencys_team(case, personas, other_team):
    with pytest.raises(DomainError):
        do_assign_case(
            actor=personas["supervisor"], case=case, lead_worker=None, team=other_team, expected_version=case.version
        )
