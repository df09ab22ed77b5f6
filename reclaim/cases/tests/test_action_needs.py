"""do_open_case's checklist rows and do_update_need: resolution time, reopening, conflicts, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from reclaim.accounts.models import Membership
from reclaim.cases.actions import do_open_case, do_update_need
from reclaim.cases.models import CaseEvent, ImmediateNeed, NeedKind
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safety", "medical_care"])


def test_opening_a_case_creates_the_seven_needs_with_the_urgent_ones_marked(case):
    # then every need of the checklist exists once, not yet met, and only the ticked ones are urgent
    needs = {n.need: n for n in ImmediateNeed.objects.filter(case=case)}
    assert set(needs) == set(NeedKind.values)
    assert {n.status for n in needs.values()} == {"unmet"}
    assert {code for code, n in needs.items() if n.urgent} == {"safety", "medical_care"}
    assert all(n.resolved_at is None and n.agency_id == case.agency_id for n in needs.values())


def test_unknown_urgent_need_code_refuses_the_whole_intake(personas, survivor_a):
    # when an unknown code is sent
    with pytest.raises(DomainError) as caught:
        do_open_case(actor=personas["case_manager"], survivor=survivor_a, urgent_needs=["safety", "spaceship"])
    # then the error names the field and no case or need was saved
    assert "urgent_needs" in caught.value.fields
    assert not ImmediateNeed.objects.exists()
    assert not survivor_a.cases.exists()


def test_meeting_a_need_stamps_the_resolution_time_and_writes_event_and_audit(personas, case):
    need = case.needs.get(need="safety")
    opened = need.opened_at
    # when the need is met three hours later by the case manager's colleague
    with time_machine.travel(opened + timedelta(hours=3), tick=False):
        updated = do_update_need(
            actor=personas["case_manager"],
            need=need,
            expected_version=need.version,
            status="met",
            urgent=True,
            handled_by=personas["supervisor"],
            details="Placed at the partner shelter on Elm Street",
        )
    # then the time to resolution is three hours, and who recorded it is kept
    assert updated.resolved_at == opened + timedelta(hours=3)
    assert updated.time_to_resolution == timedelta(hours=3)
    assert (updated.version, updated.updated_by, updated.handled_by) == (
        2,
        personas["case_manager"],
        personas["supervisor"],
    )
    # and the timeline row carries codes only, never the details
    event = CaseEvent.objects.get(case=case, type="need_updated")
    assert event.parameters == {"need": "safety", "status": "met"}
    audit = AuditEvent.objects.get(action="case.need_updated", object_id=str(case.pk))
    assert "Elm" not in str(audit.detail)


def test_reopening_a_resolved_need_clears_the_resolution_and_restarts_the_clock(personas, case):
    need = case.needs.get(need="interpreter")
    need = do_update_need(
        actor=personas["case_manager"], need=need, expected_version=1, status="declined", urgent=False
    )
    assert need.resolved_at is not None
    later = timezone.now() + timedelta(days=2)
    # when the person asks for an interpreter after all
    with time_machine.travel(later, tick=False):
        need = do_update_need(
            actor=personas["case_manager"], need=need, expected_version=2, status="in_progress", urgent=True
        )
    # then it is open again, from now
    assert need.resolved_at is None
    assert need.opened_at == later
    assert need.time_to_resolution is None


def test_moving_between_resolved_statuses_keeps_the_first_resolution_time(personas, case):
    need = case.needs.get(need="childcare")
    need = do_update_need(actor=personas["case_manager"], need=need, expected_version=1, status="met", urgent=False)
    first = need.resolved_at
    need = do_update_need(
        actor=personas["case_manager"], need=need, expected_version=2, status="not_needed", urgent=False
    )
    assert need.resolved_at == first


def test_a_stale_version_is_a_conflict_with_the_current_values_and_nothing_saved(personas, case):
    need = case.needs.get(need="safety")
    do_update_need(actor=personas["supervisor"], need=need, expected_version=1, status="referred", urgent=True)
    # when someone saves from the version they loaded earlier
    with pytest.raises(EditConflict) as caught:
        do_update_need(actor=personas["case_manager"], need=need, expected_version=1, status="met", urgent=False)
    # then the conflict carries the other person's values and the row keeps them
    assert caught.value.current["status"] == "referred"
    assert caught.value.current_version == 2
    need.refresh_from_db()
    assert (need.status, need.urgent, need.version, need.resolved_at) == ("referred", True, 2, None)


def test_a_bad_status_is_refused_and_nothing_is_saved(personas, case):
    need = case.needs.get(need="safety")
    events_before = CaseEvent.objects.filter(case=case).count()
    # when an unknown status is sent
    with pytest.raises(DomainError) as caught:
        do_update_need(actor=personas["case_manager"], need=need, expected_version=1, status="fixed", urgent=False)
    # then the error names the field, and nothing changed
    assert caught.value.code == "cases.need_status_unknown"
    assert "status" in caught.value.fields
    need.refresh_from_db()
    assert (need.status, need.urgent, need.version) == ("unmet", True, 1)
    assert CaseEvent.objects.filter(case=case).count() == events_before


def test_handled_by_must_be_someone_of_the_agency(personas, case):
    need = case.needs.get(need="safety")
    with pytest.raises(DomainError) as caught:
        do_update_need(
            actor=personas["case_manager"],
            need=need,
            expected_version=1,
            status="in_progress",
            urgent=True,
            handled_by=personas["other_agency_user"],
        )
    assert "handled_by" in caught.value.fields
    need.refresh_from_db()
    assert need.handled_by is None
    assert Membership.objects.filter(user=personas["other_agency_user"]).exists()


def test_details_are_not_stored_in_clear(personas, case):
    from django.db import connection

    need = case.needs.get(need="safe_accommodation")
    do_update_need(
        actor=personas["case_manager"],
        need=need,
        expected_version=1,
        status="met",
        urgent=True,
        details="Shelter at 41 Wrenfield Crescent",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM cases_immediateneed WHERE id = %s", [need.pk.hex])
        raw = cursor.fetchone()[0]
    assert raw
    assert "Wrenfield" not in str(raw)
    need.refresh_from_db()
    assert need.details == "Shelter at 41 Wrenfield Crescent"
