"""Group attendance: one service record per person present, written once; absent voids; all or nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseEvent, EventType
from reclaim.core.errors import DomainError, EditConflict
from reclaim.funding.models import Grant
from reclaim.services.group_actions import (
    GroupProgramData,
    do_add_session,
    do_enrol,
    do_take_attendance,
    do_update_program,
)
from reclaim.services.models import (
    AttendanceStatus,
    EnrolmentStatus,
    GroupAttendance,
    GroupEnrolment,
    ServiceRecord,
    ServiceSource,
)
from reclaim.services.tests.groups_support import make_cases, make_facilitator, make_past_session, make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(personas):
    return personas["case_manager"]


@pytest.fixture
def setup(personas, agency, team, manager):
    grant = Grant.objects.create(agency=agency, name="Peer support fund")
    program = make_program(manager, agency, facilitators=[personas["volunteer"]], grant_id=grant.pk)
    session = make_past_session(manager, program, minutes=75)
    cases = make_cases(manager, agency, team, 3, assigned=[manager])
    enrolments = [do_enrol(actor=manager, program=program, case=case) for case in cases]
    return program, session, cases, enrolments


def _records(session):
    return ServiceRecord.objects.filter(source_kind=ServiceSource.GROUP_SESSION, source_id=session.pk)


def test_attendance_writes_one_record_per_person_present_with_the_programs_details(setup, manager, personas):
    program, session, cases, enrolments = setup
    marks = {enrolments[0].pk: "present", enrolments[1].pk: "present", enrolments[2].pk: "absent"}
    result = do_take_attendance(actor=manager, session=session, marks=marks)
    assert result.recorded == 2
    records = list(_records(session))
    assert sorted(r.case_id for r in records) == sorted([cases[0].pk, cases[1].pk])
    record = records[0]
    assert record.service_type.code == "support_group.peer"
    assert record.duration_minutes == 75
    assert record.provider == personas["volunteer"]  # the facilitator, not the case manager who saved the sheet
    assert record.grant == program.grant
    assert record.delivered_on == timezone.localdate(session.starts_at)
    assert GroupAttendance.objects.filter(session=session).count() == 3


def test_saving_the_sheet_again_adds_nothing(setup, manager):
    _program, session, _cases, enrolments = setup
    marks = {e.pk: "present" for e in enrolments}
    do_take_attendance(actor=manager, session=session, marks=marks)
    again = do_take_attendance(actor=manager, session=session, marks=marks)
    assert again.recorded == 0
    assert _records(session).count() == 3
    assert GroupAttendance.objects.filter(session=session).count() == 3


def test_changing_present_to_absent_voids_that_persons_record(setup, manager):
    _program, session, cases, enrolments = setup
    do_take_attendance(actor=manager, session=session, marks={e.pk: "present" for e in enrolments})
    result = do_take_attendance(actor=manager, session=session, marks={enrolments[1].pk: "excused"})
    assert result.voided == 1
    voided = ServiceRecord.objects.get(case=cases[1], source_id=session.pk)
    assert voided.voided_at is not None and voided.voided_by == manager and voided.void_reason
    assert _records(session).filter(voided_at__isnull=True).count() == 2
    assert CaseEvent.objects.filter(case=cases[1], type=EventType.SERVICE_VOIDED).count() == 1
    # and back to present writes a new live record (the unique constraint only covers live ones)
    do_take_attendance(actor=manager, session=session, marks={enrolments[1].pk: "present"})
    assert _records(session).filter(case=cases[1], voided_at__isnull=True).count() == 1


def test_a_bad_mark_saves_nothing(setup, manager):
    _program, session, _cases, enrolments = setup
    with pytest.raises(DomainError) as raised:
        do_take_attendance(
            actor=manager, session=session, marks={enrolments[0].pk: "present", enrolments[1].pk: "maybe"}
        )
    assert str(enrolments[1].pk) in raised.value.fields
    assert not _records(session).exists()
    assert not GroupAttendance.objects.exists()


def test_a_future_session_cannot_have_attendance(setup, manager):
    program, _session, _cases, enrolments = setup
    later = do_add_session(
        actor=manager, program=program, starts_at=timezone.now() + datetime.timedelta(days=3), duration_minutes=60
    )
    with pytest.raises(DomainError) as raised:
        do_take_attendance(actor=manager, session=later, marks={enrolments[0].pk: "present"})
    assert raised.value.code == "groups.session_in_future"
    assert not ServiceRecord.objects.exists()


def test_a_stale_sheet_is_a_conflict(setup, manager):
    _program, session, _cases, enrolments = setup
    do_take_attendance(actor=manager, session=session, marks={enrolments[0].pk: "present"}, expected_version=1)
    with pytest.raises(EditConflict):
        do_take_attendance(actor=manager, session=session, marks={enrolments[0].pk: "absent"}, expected_version=1)
    assert _records(session).filter(voided_at__isnull=True).count() == 1


def test_attending_the_share_of_sessions_completes_the_program(setup, manager):
    program, session, cases, enrolments = setup
    # one session in all, 75 %: attending it completes
    do_take_attendance(actor=manager, session=session, marks={enrolments[0].pk: "present"})
    enrolment = GroupEnrolment.objects.get(pk=enrolments[0].pk)
    assert enrolment.status == EnrolmentStatus.COMPLETED
    event = CaseEvent.objects.get(case=cases[0], type=EventType.GROUP_COMPLETED)
    assert event.parameters == {"program_id": str(program.pk), "enrolment_id": str(enrolment.pk), "mode": "attendance"}


def test_capacity_is_enforced_with_a_clear_error_and_nothing_saved(personas, agency, team, manager):
    program = make_program(manager, agency, capacity=2)
    cases = make_cases(manager, agency, team, 3, assigned=[manager])
    do_enrol(actor=manager, program=program, case=cases[0])
    do_enrol(actor=manager, program=program, case=cases[1])
    with pytest.raises(DomainError) as raised:
        do_enrol(actor=manager, program=program, case=cases[2])
    assert raised.value.code == "groups.full"
    assert "full" in raised.value.message
    assert GroupEnrolment.objects.filter(program=program).count() == 2
    assert not CaseEvent.objects.filter(case=cases[2], type=EventType.GROUP_ENROLLED).exists()


def test_enrolment_is_on_the_timeline_with_ids_only(setup):
    program, _session, cases, enrolments = setup
    event = CaseEvent.objects.get(case=cases[0], type=EventType.GROUP_ENROLLED)
    assert event.parameters == {"program_id": str(program.pk), "enrolment_id": str(enrolments[0].pk)}


def test_the_sheet_page_saves_and_resaving_is_idempotent(setup, personas):
    _program, session, _cases, enrolments = setup
    client = login_client(personas["volunteer"])  # a facilitator
    url = reverse("services:group_attendance", args=[session.program_id, session.pk])
    data = {f"mark_{e.pk}": "present" for e in enrolments} | {"version": session.version}
    response = client.post(url, data)
    assert response.status_code == 302
    assert _records(session).count() == 3
    data["version"] = session.version + 1
    assert client.post(url, data).status_code == 302
    assert _records(session).count() == 3
    page = client.get(url)
    assert page.status_code == 200
    assert b'value="present" checked' in page.content or b"checked" in page.content


def test_attendance_sheet_query_count_is_flat(personas, agency, team, manager, assert_max_queries):
    program = make_program(manager, agency, facilitators=[manager])
    session = make_past_session(manager, program)
    client = login_client(manager)
    url = reverse("services:group_attendance", args=[program.pk, session.pk])
    counts = []
    for n in (3, 15):
        have = GroupEnrolment.objects.filter(program=program).count()
        for case in make_cases(manager, agency, team, n - have, assigned=[manager]) if n > have else []:
            do_enrol(actor=manager, program=program, case=case)
        client.get(url)  # warm caches (membership, keys)
        with assert_max_queries(20) as context:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_leaving_is_recorded_with_a_reason_code(setup, manager):
    from reclaim.services.group_actions import do_leave

    _program, _session, cases, enrolments = setup
    do_leave(actor=manager, enrolment=enrolments[2], reason="moved", note="Moved to her sister's", expected_version=1)
    event = CaseEvent.objects.get(case=cases[2], type=EventType.GROUP_LEFT)
    assert event.parameters["reason"] == "moved"
    assert "sister" not in str(event.parameters)


def test_program_update_with_a_stale_version_conflicts(setup, manager):
    program, *_ = setup
    data = GroupProgramData(name="Renamed", starts_on=program.starts_on)
    do_update_program(actor=manager, program=program, data=data, expected_version=1)
    with pytest.raises(EditConflict):
        do_update_program(actor=manager, program=program, data=data, expected_version=1)


def test_closed_case_cannot_be_enrolled(personas, agency, team, manager):
    program = make_program(manager, agency)
    case = make_cases(manager, agency, team, 1, assigned=[manager])[0]
    case.status = "closed"
    case.closed_at = timezone.now()
    case.close_reason = "goals_met"
    case.save()
    with pytest.raises(DomainError) as raised:
        do_enrol(actor=manager, program=program, case=case)
    assert raised.value.code == "groups.case_closed"


_unused = (AttendanceStatus, do_open_case, make_facilitator)
