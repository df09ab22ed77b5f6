"""Follow-up after exit (DOMAIN.md §10): the schedule, recording contacts, missed contacts, closing, stopping."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from reclaim.cases import schedule
from reclaim.cases.actions import (
    do_decide_approval,
    do_record_follow_up,
    do_request_approval,
    do_set_follow_up_policy,
    do_stop_follow_up,
    do_transition_case,
    mark_missed_follow_ups,
)
from reclaim.cases.models import Case, CaseEvent, FollowUp, FollowUpIndicatorCheck, FollowUpPolicy
from reclaim.cases.selectors import follow_up_alerts, has_overdue_follow_up, overdue_follow_ups
from reclaim.cases.tasks import mark_missed_follow_up_contacts
from reclaim.cases.tests.follow_up_helpers import EXIT_ON, at, exit_to_follow_up
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.models import AuditEvent

# -- pure schedule rules -------------------------------------------------------------------------------


def test_due_dates_keep_the_day_or_fall_on_the_last_day_of_a_shorter_month():
    # given an exit on 31 January 2026 and the default offsets
    contacts = schedule.plan(date(2026, 1, 31), schedule.DEFAULT_OFFSETS_MONTHS, 14)
    # then each contact is due that many months later, clamped to the month's end
    assert [c.due_on for c in contacts] == [
        date(2026, 2, 28),
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2027, 1, 31),
        date(2027, 7, 31),
        date(2028, 1, 31),
    ]
    assert (contacts[0].opens_on, contacts[0].closes_on) == (date(2026, 2, 14), date(2026, 3, 14))


@pytest.mark.parametrize(
    "offsets",
    [[1, 3, 6, 12, 18], [3, 1, 24], [0, 24], [1, 1, 24], [], ["6", 24], [True, 24], [-1, 24], [6, 121], None],
)
def test_offsets_that_break_a_rule_are_refused(offsets):
    with pytest.raises(schedule.ScheduleError) as refused:
        schedule.validate_offsets(offsets)
    assert refused.value.field == "offsets_months"


def test_shorter_than_24_months_names_the_rule():
    with pytest.raises(schedule.ScheduleError, match="at least 24 months"):
        schedule.parse_offsets("1, 3, 6, 12, 18")


@pytest.mark.parametrize(("text", "expected"), [("1, 3, 6, 12, 18, 24", [1, 3, 6, 12, 18, 24]), ("6 30", [6, 30])])
def test_offsets_typed_with_commas_or_spaces_are_accepted(text, expected):
    assert schedule.parse_offsets(text) == expected


# -- scheduling on exit -------------------------------------------------------------------------------


def test_approving_exit_schedules_six_contacts_from_the_exit_date(personas, survivor_a):
    # when a supervisor approves the exit to follow-up on 31 January 2026
    case = exit_to_follow_up(personas, survivor_a)
    # then six contacts are scheduled 1, 3, 6, 12, 18 and 24 months later, with a ±14-day window
    rows = list(case.follow_ups.order_by("sequence"))
    assert case.status == "follow_up"
    assert [(r.sequence, r.offset_months, r.due_on) for r in rows] == [
        (i + 1, c.offset_months, c.due_on) for i, c in enumerate(schedule.plan(EXIT_ON, [1, 3, 6, 12, 18, 24], 14))
    ]
    assert {(r.status, r.window_days, r.period, r.is_current, r.agency_id) for r in rows} == {
        ("scheduled", 14, 1, True, case.agency_id)
    }
    assert rows[-1].due_on == date(2028, 1, 31)
    event = CaseEvent.objects.get(case=case, type="follow_up_scheduled")
    assert event.parameters == {"period": 1, "count": 6, "first_due": "2026-02-28"}
    assert AuditEvent.objects.filter(action="case.follow_up_scheduled", object_id=str(case.pk)).exists()


def test_an_agency_policy_sets_the_contacts_and_window(personas, survivor_a, agency):
    # given the agency follows up at 2, 12, 24 and 36 months with a 7-day window
    do_set_follow_up_policy(
        actor=personas["agency_admin"], agency=agency, offsets_months=[2, 12, 24, 36], window_days=7, expected_version=0
    )
    # when a case exits
    case = exit_to_follow_up(personas, survivor_a)
    # then its schedule follows the policy
    rows = list(case.follow_ups.order_by("sequence"))
    assert [(r.offset_months, r.due_on, r.closes_on) for r in rows] == [
        (2, date(2026, 3, 31), date(2026, 4, 7)),
        (12, date(2027, 1, 31), date(2027, 2, 7)),
        (24, date(2028, 1, 31), date(2028, 2, 7)),
        (36, date(2029, 1, 31), date(2029, 2, 7)),
    ]
    assert AuditEvent.objects.filter(action="cases.follow_up_policy_changed", agency_id=agency.pk).exists()


def test_a_policy_shorter_than_24_months_is_refused_and_nothing_is_saved(personas, agency):
    with pytest.raises(DomainError) as refused:
        do_set_follow_up_policy(
            actor=personas["agency_admin"],
            agency=agency,
            offsets_months=[1, 3, 6, 12],
            window_days=14,
            expected_version=0,
        )
    assert refused.value.code == "cases.follow_up_policy_invalid"
    assert "24 months" in refused.value.fields["offsets_months"][0]
    assert not FollowUpPolicy.objects.exists()


def test_a_stale_policy_edit_is_a_conflict(personas, agency):
    do_set_follow_up_policy(
        actor=personas["agency_admin"], agency=agency, offsets_months=[1, 24], window_days=14, expected_version=0
    )
    with pytest.raises(EditConflict) as conflict:
        do_set_follow_up_policy(
            actor=personas["program_director"],
            agency=agency,
            offsets_months=[6, 30],
            window_days=10,
            expected_version=0,
        )
    assert conflict.value.current == {"offsets_months": "1, 24", "window_days": "14"}
    assert FollowUpPolicy.objects.get(agency=agency).offsets_months == [1, 24]


def test_one_agencys_policy_does_not_change_anothers_schedule(personas, survivor_a, other_agency):
    do_set_follow_up_policy(
        actor=personas["other_agency_admin"],
        agency=other_agency,
        offsets_months=[12, 48],
        window_days=7,
        expected_version=0,
    )
    case = exit_to_follow_up(personas, survivor_a)
    assert case.follow_ups.count() == 6


# -- recording a contact ------------------------------------------------------------------------------


@pytest.fixture
def case(personas, survivor_a) -> Case:
    return exit_to_follow_up(personas, survivor_a)


def _first(case: Case) -> FollowUp:
    return case.follow_ups.order_by("sequence")[0]


def test_recording_a_contact_keeps_notes_off_the_timeline(case, personas):
    first = _first(case)
    # when the case manager records the one-month contact
    with at(date(2026, 3, 2)):
        recorded = do_record_follow_up(
            actor=personas["case_manager"],
            follow_up=first,
            expected_version=first.version,
            outcome="reached_needs_support",
            channel="phone",
            indicators=["debt", "documents_withheld", "debt"],
            notes="Mentions the cousin in Rotterdam again",
        )
    # then it is completed with its outcome, channel, date and indicator rows
    recorded.refresh_from_db()
    assert (recorded.status, recorded.outcome, recorded.channel, recorded.contacted_on) == (
        "completed",
        "reached_needs_support",
        "phone",
        date(2026, 3, 2),
    )
    assert recorded.indicators_checked is True
    assert set(FollowUpIndicatorCheck.objects.filter(follow_up=recorded).values_list("code", flat=True)) == {
        "debt",
        "documents_withheld",
    }
    assert recorded.version == first.version + 1
    # and the timeline holds codes only
    event = CaseEvent.objects.get(case=case, type="follow_up_recorded")
    assert event.parameters == {
        "follow_up_id": str(first.pk),
        "sequence": 1,
        "outcome": "reached_needs_support",
        "channel": "phone",
        "indicators": ["debt", "documents_withheld"],
    }
    assert "Rotterdam" not in str(event.parameters)
    assert AuditEvent.objects.filter(action="case.follow_up_recorded", object_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"outcome": ""}, "outcome"),
        ({"outcome": "fine"}, "outcome"),
        ({"outcome": "not_reached", "channel": "pigeon"}, "channel"),
        ({"outcome": "not_reached", "indicators": ["debt", "curfew"]}, "indicators"),
        ({"outcome": "not_reached", "contacted_on": date(2026, 4, 1)}, "contacted_on"),
        ({"outcome": "not_reached", "contacted_on": date(2025, 12, 1)}, "contacted_on"),
    ],
)
def test_bad_contact_values_are_refused_and_nothing_is_saved(case, personas, values, field):
    first = _first(case)
    with at(date(2026, 3, 2)), pytest.raises(DomainError) as refused:
        do_record_follow_up(actor=personas["case_manager"], follow_up=first, expected_version=first.version, **values)
    assert field in refused.value.fields
    first.refresh_from_db()
    assert (first.status, first.outcome, first.version) == ("scheduled", "", 1)
    assert not CaseEvent.objects.filter(case=case, type="follow_up_recorded").exists()


def test_a_stale_contact_record_is_a_conflict_with_the_saved_values(case, personas):
    first = _first(case)
    with at(date(2026, 3, 2)):
        do_record_follow_up(
            actor=personas["case_manager"], follow_up=first, expected_version=1, outcome="reached_doing_well"
        )
        with pytest.raises(EditConflict) as conflict:
            do_record_follow_up(actor=personas["clinician"], follow_up=first, expected_version=1, outcome="not_reached")
    assert conflict.value.current["outcome"] == "reached_doing_well"
    first.refresh_from_db()
    assert first.outcome == "reached_doing_well"


def test_a_crisis_raises_a_notice_but_never_reopens_the_case(case, personas):
    first = _first(case)
    with at(date(2026, 3, 2)):
        do_record_follow_up(
            actor=personas["case_manager"], follow_up=first, expected_version=1, outcome="reached_in_crisis"
        )
    case.refresh_from_db()
    assert case.status == "follow_up"
    assert follow_up_alerts(case).crisis_on == date(2026, 3, 2)
    # a later contact that finds them well clears the notice
    second = case.follow_ups.get(sequence=2)
    with at(date(2026, 4, 30)):
        do_record_follow_up(
            actor=personas["case_manager"], follow_up=second, expected_version=1, outcome="reached_doing_well"
        )
    assert follow_up_alerts(case).crisis_on is None


# -- missed contacts ----------------------------------------------------------------------------------


def test_the_periodic_task_marks_contacts_missed_once_their_window_has_closed(case, personas):
    # given the one-month contact's window closes on 14 March 2026
    first = _first(case)
    assert first.closes_on == date(2026, 3, 14)
    assert ("mark_missed_follow_ups", 3600, "reclaim.cases.tasks.mark_missed_follow_up_contacts") in (
        settings.RECLAIM_PERIODIC_JOBS
    )
    # when the task runs on the last day of the window, nothing is missed yet
    with at(date(2026, 3, 14)):
        assert mark_missed_follow_up_contacts.call() == 0
    # when it runs the day after, only that contact is missed, with a timeline event for the workers
    with at(date(2026, 3, 15)):
        assert mark_missed_follow_up_contacts.call() == 1
        assert mark_missed_follow_up_contacts.call() == 0  # idempotent
    statuses = list(case.follow_ups.order_by("sequence").values_list("status", flat=True))
    assert statuses == ["missed", *["scheduled"] * 5]
    event = CaseEvent.objects.get(case=case, type="follow_up_missed")
    assert (event.actor, event.parameters) == (None, {"follow_up_id": str(first.pk), "sequence": 1})
    # and it is a task for the case's workers, never an alert to anyone: no email goes out
    assert list(overdue_follow_ups(personas["case_manager"])) == [_first(case)]
    assert list(overdue_follow_ups(personas["other_agency_user"])) == []
    assert list(overdue_follow_ups(personas["volunteer"])) == []
    assert list(Case.objects.filter(has_overdue_follow_up())) == [case]
    assert mail.outbox == []
    assert follow_up_alerts(case).missed == 1


def test_recording_a_missed_contact_late_clears_the_task(case, personas):
    mark_missed_follow_ups(today=date(2026, 3, 15))
    first = _first(case)
    with at(date(2026, 3, 20)):
        do_record_follow_up(
            actor=personas["case_manager"], follow_up=first, expected_version=first.version, outcome="not_reached"
        )
    assert list(overdue_follow_ups(personas["case_manager"])) == []
    assert not Case.objects.filter(has_overdue_follow_up()).exists()


# -- ending follow-up ---------------------------------------------------------------------------------


def _close(case: Case, personas) -> None:
    approval = do_request_approval(
        actor=personas["case_manager"], case=case, kind="close", close_reason="follow_up_completed"
    )
    do_decide_approval(actor=personas["supervisor"], approval=approval, approve=True)


def test_closing_cancels_the_remaining_contacts_and_keeps_history(case, personas):
    # given a recorded first contact and a missed second one
    with at(date(2026, 3, 2)):
        do_record_follow_up(
            actor=personas["case_manager"], follow_up=_first(case), expected_version=1, outcome="reached_doing_well"
        )
    mark_missed_follow_ups(today=date(2026, 5, 20))
    # when the case is closed
    with at(date(2026, 5, 21)):
        _close(case, personas)
    # then the rest are cancelled, the history stays, and nothing is overdue any more
    rows = list(case.follow_ups.order_by("sequence").values_list("status", "is_current"))
    assert rows == [("completed", False), ("missed", False), *[("cancelled", False)] * 4]
    event = CaseEvent.objects.get(case=case, type="follow_up_cancelled")
    assert event.parameters == {"count": 4, "reason": "closed"}
    assert not Case.objects.filter(has_overdue_follow_up()).exists()
    # and recording on a cancelled or past contact is refused
    last = case.follow_ups.get(sequence=6)
    with pytest.raises(DomainError) as refused:
        do_record_follow_up(
            actor=personas["case_manager"], follow_up=last, expected_version=last.version, outcome="not_reached"
        )
    assert refused.value.code == "cases.follow_up_not_open"


def test_a_reopened_case_that_exits_again_gets_a_new_period(case, personas):
    with at(date(2026, 2, 10)):
        _close(case, personas)
        case.refresh_from_db()
        case = do_transition_case(
            actor=personas["case_manager"],
            case=case,
            to="intake",
            expected_version=case.version,
            services_consent_on=date(2026, 2, 10),
        )
    assert case.follow_ups.filter(status="cancelled").count() == 6
    with at(date(2026, 9, 1)):
        approval = do_request_approval(actor=personas["case_manager"], case=case, kind="exit_to_follow_up")
        do_decide_approval(actor=personas["supervisor"], approval=approval, approve=True)
    assert case.follow_ups.count() == 12
    current = case.follow_ups.filter(is_current=True).order_by("sequence")
    assert [(r.period, r.due_on) for r in current][:2] == [(2, date(2026, 10, 1)), (2, date(2026, 12, 1))]


def test_the_person_may_stop_follow_up(case, personas):
    mark_missed_follow_ups(today=date(2026, 3, 15))
    # when the case manager stops follow-up at the person's request
    stopped = do_stop_follow_up(actor=personas["case_manager"], case=case)
    # then the scheduled contacts end as stopped, the missed one stays missed, nothing is overdue
    assert stopped == 5
    statuses = list(case.follow_ups.order_by("sequence").values_list("status", flat=True))
    assert statuses == ["missed", *["stopped_by_survivor"] * 5]
    assert CaseEvent.objects.get(case=case, type="follow_up_stopped").parameters == {"count": 5}
    assert list(overdue_follow_ups(personas["case_manager"])) == []
    case.refresh_from_db()
    assert case.status == "follow_up"
    # and stopping twice is refused with a clear error
    with pytest.raises(DomainError) as refused:
        do_stop_follow_up(actor=personas["case_manager"], case=case)
    assert refused.value.code == "cases.follow_up_nothing_to_stop"


# -- data protection ----------------------------------------------------------------------------------


def _dump_all_tables() -> str:
    """Every value of every table, as text (as in tests/test_no_plaintext_at_rest.py)."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — table names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_follow_up_notes_are_encrypted_at_rest(case, personas):
    first = _first(case)
    with at(date(2026, 3, 2)):
        do_record_follow_up(
            actor=personas["case_manager"],
            follow_up=first,
            expected_version=1,
            outcome="reached_needs_support",
            notes="Staying with Wilhelmina Kerkhoven near the harbour",
        )
    dump = _dump_all_tables()
    assert "Kerkhoven" not in dump
    assert "Wilhelmina" not in dump
    first.refresh_from_db()
    assert first.notes == "Staying with Wilhelmina Kerkhoven near the harbour"
