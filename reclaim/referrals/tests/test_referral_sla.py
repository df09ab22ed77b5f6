"""Acknowledgement deadlines in business days and the escalation job, with a frozen clock (DOMAIN.md §8)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils.module_loading import import_string

from reclaim.cases.models import CaseEvent, EventType
from reclaim.cases.tasklist import tasks_for
from reclaim.referrals.actions import do_set_referral_policy, mark_overdue_referrals
from reclaim.referrals.referral_sla import add_business_days

TZ = ZoneInfo(settings.TIME_ZONE)
FRIDAY_10 = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=TZ)  # a Friday
TUESDAY_10 = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ), 2, datetime.datetime(2026, 3, 4, 9, 0, tzinfo=TZ)),  # Mon
        (FRIDAY_10, 2, TUESDAY_10),  # the weekend does not count
        (datetime.datetime(2026, 3, 7, 10, 0, tzinfo=TZ), 1, datetime.datetime(2026, 3, 9, 10, 0, tzinfo=TZ)),  # Sat
        (datetime.datetime(2026, 3, 8, 23, 0, tzinfo=TZ), 2, datetime.datetime(2026, 3, 10, 23, 0, tzinfo=TZ)),  # Sun
        (FRIDAY_10, 5, datetime.datetime(2026, 3, 13, 10, 0, tzinfo=TZ)),
    ],
)
def test_business_days_skip_weekends(start, days, expected):
    assert add_business_days(start, days) == expected


def _escalations(case):
    return CaseEvent.objects.filter(case=case, type=EventType.REFERRAL_ESCALATED)


@pytest.mark.django_db
def test_a_referral_sent_on_friday_escalates_once_after_tuesday_morning(personas, case_a, refer):
    # given a referral sent on a Friday morning (no data classes: no consent needed)
    with time_machine.travel(FRIDAY_10, tick=False):
        referral = refer(case_a, [])
    # then its answer is due on Tuesday morning: two business days, the weekend skipped
    assert referral.acknowledge_by == TUESDAY_10
    # when the job runs on Monday night, nothing is overdue yet
    with time_machine.travel(datetime.datetime(2026, 3, 9, 23, 0, tzinfo=TZ), tick=False):
        assert mark_overdue_referrals() == 0
        # and the recipient's case manager sees it on their task list, due Tuesday
        incoming = [
            t
            for t in tasks_for(personas["other_agency_user"], datetime.date(2026, 3, 9))
            if t.source == "referral_incoming"
        ]
        assert [t.due for t in incoming] == [datetime.date(2026, 3, 10)]
    assert not _escalations(case_a).exists()
    # when it runs on Tuesday just after the deadline, the referral escalates, once
    with time_machine.travel(TUESDAY_10 + datetime.timedelta(minutes=1), tick=False):
        assert mark_overdue_referrals() == 1
        assert mark_overdue_referrals() == 0
    referral.refresh_from_db()
    assert referral.escalated_at is not None
    event = _escalations(case_a).get()
    assert event.parameters == {"referral_id": str(referral.pk), "acknowledge_by": TUESDAY_10.isoformat()}
    # then the sender's supervisor has an escalation task; the case manager does not
    today = datetime.date(2026, 3, 10)
    assert [t.source for t in tasks_for(personas["supervisor"], today) if t.source == "referral_escalated"] == [
        "referral_escalated"
    ]
    assert not [t for t in tasks_for(personas["case_manager"], today) if t.source == "referral_escalated"]
    # and the recipient's item is now overdue
    incoming = [
        t
        for t in tasks_for(personas["other_agency_user"], today + datetime.timedelta(days=1))
        if t.source == "referral_incoming"
    ]
    assert incoming[0].is_overdue(today + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_an_acknowledged_referral_never_escalates(personas, case_a, refer):
    from reclaim.referrals.actions import do_transition_referral

    with time_machine.travel(FRIDAY_10, tick=False):
        referral = refer(case_a, [])
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, 0, tzinfo=TZ), tick=False):
        do_transition_referral(
            actor=personas["other_agency_user"], referral=referral, to="received", expected_version=referral.version
        )
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=TZ), tick=False):
        assert mark_overdue_referrals() == 0
    referral.refresh_from_db()
    assert referral.acknowledged_at is not None
    assert not _escalations(case_a).exists()


@pytest.mark.django_db
def test_the_agency_policy_sets_the_deadline(personas, agency, case_a, refer):
    # given agency A asks for an answer within one business day
    do_set_referral_policy(
        actor=personas["agency_admin"], agency=agency, ack_business_days=1, stale_days=7, expected_version=1
    )
    # when a referral is sent on a Friday
    with time_machine.travel(FRIDAY_10, tick=False):
        referral = refer(case_a, [])
    # then it is due on Monday
    assert referral.acknowledge_by == datetime.datetime(2026, 3, 9, 10, 0, tzinfo=TZ)


def test_the_deadline_job_is_scheduled_and_importable():
    jobs = {name: path for name, _every, path in settings.RECLAIM_PERIODIC_JOBS}
    assert jobs["check_referral_deadlines"] == "reclaim.referrals.tasks.check_referral_deadlines"
    assert import_string(jobs["check_referral_deadlines"]) is not None
