"""Portal check-ins (issue 9 item 5): urgent alerts to the right people, acknowledgement, scheduled check-ins."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import active_portal_account, login_client, portal_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseEvent, EventType
from reclaim.cases.tasklist import tasks_for
from reclaim.connect import checkin_actions
from reclaim.connect.actions import SettingsInput, do_save_portal_settings, ensure_portal_settings
from reclaim.connect.models import CheckIn
from reclaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOTE = "He took my passport again"
SAFE = "Text only after 6 pm"
NOON = datetime.datetime(2026, 3, 3, 12, 0, tzinfo=datetime.UTC)
NIGHT = datetime.datetime(2026, 3, 3, 22, 0, tzinfo=datetime.UTC)


@pytest.fixture
def setup(personas, survivor_a):
    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    account = active_portal_account(case, personas["case_manager"], "checkin-survivor")
    account.safe_contact = SAFE
    account.save()
    row = ensure_portal_settings(case.agency)
    do_save_portal_settings(
        actor=personas["agency_admin"],
        agency=case.agency,
        data=SettingsInput(
            hotlines=[{"label": "Safe line", "number": "555 0100"}], on_call=personas["supervisor"], idle_minutes=10
        ),
        expected_version=row.version,
    )
    return case, account


def _urgent_tasks(user):
    return [t for t in tasks_for(user, timezone.localdate()) if t.source == "portal_check_in"]


def test_not_safe_check_in_reaches_the_lead_worker_with_the_safe_contact_not_the_note(setup, personas):
    case, account = setup
    survivor = portal_client(account)
    # when the survivor says they are not safe, with a note
    response = survivor.post(reverse("portal:checkin"), {"form": "checkin", "safety": "not_safe", "note": NOTE})
    assert response.status_code == 302
    # then they see a confirmation with the help lines first
    page = survivor.get(reverse("portal:checkin") + "?sent=1").content.decode()
    assert page.index("Safe line") < page.index("We have told your case team")
    assert SAFE in page
    # and the lead worker has an urgent task naming the safe contact, never the note
    tasks = _urgent_tasks(personas["case_manager"])
    assert len(tasks) == 1
    assert tasks[0].urgent and tasks[0].case_number == case.number
    assert SAFE in tasks[0].title and NOTE not in tasks[0].title
    home = login_client(personas["case_manager"]).get(reverse("home")).content.decode()
    assert "Urgent check-ins from the portal" in home and SAFE in home and NOTE not in home
    # and the note is on the case page only
    case_page = login_client(personas["case_manager"]).get(reverse("connect:case_checkins", args=[case.pk]))
    assert NOTE in case_page.content.decode()
    # and the timeline has codes only
    event = CaseEvent.objects.get(case=case, type=EventType.PORTAL_CHECK_IN)
    assert event.parameters["safety"] == "not_safe" and event.parameters["urgent"] is True
    assert NOTE not in str(event.parameters)
    # and someone who does not work the case sees nothing
    assert _urgent_tasks(personas["program_director"]) == []


def test_on_call_supervisor_is_alerted_only_outside_office_hours(setup, personas):
    _case, account = setup
    supervisor = personas["supervisor"]  # reads the case (team), but is not its lead or assigned worker
    with time_machine.travel(NOON, tick=False):
        checkin_actions.do_check_in(account=account, data=checkin_actions.CheckInInput(safety="help_now"))
        assert _urgent_tasks(supervisor) == []
        assert "Urgent check-ins from the portal" not in login_client(supervisor).get(reverse("home")).content.decode()
        assert len(_urgent_tasks(personas["case_manager"])) == 1
    with time_machine.travel(NIGHT, tick=False):
        tasks = _urgent_tasks(supervisor)
        assert len(tasks) == 1 and "need help now" in tasks[0].title
        assert "Urgent check-ins from the portal" in login_client(supervisor).get(reverse("home")).content.decode()
        # the confirmation says the on-call person was told
        portal = portal_client(account)
        portal.post(reverse("portal:checkin"), {"form": "checkin", "safety": "not_safe"})
        assert (
            "the person on call has been told too" in portal.get(reverse("portal:checkin") + "?sent=1").content.decode()
        )


def test_staff_acknowledge_with_what_was_done(setup, personas):
    case, account = setup
    row = checkin_actions.do_check_in(account=account, data=checkin_actions.CheckInInput(safety="not_safe"))
    client = login_client(personas["case_manager"])
    url = reverse("connect:acknowledge_checkin", args=[case.pk, row.pk])
    # an empty "what was done" is refused, nothing saved
    response = client.post(url, {f"{row.pk}-action_taken": "", f"{row.pk}-version": row.version})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.acknowledged_at is None
    # a read-only reader may not acknowledge
    assert login_client(personas["program_director"]).post(url, {}).status_code == 403
    # when the worker says what they did
    response = client.post(url, {f"{row.pk}-action_taken": "Texted at 18:05", f"{row.pk}-version": row.version})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.acknowledged_by == personas["case_manager"] and row.action_taken == "Texted at 18:05"
    assert _urgent_tasks(personas["case_manager"]) == []
    audit = AuditEvent.objects.get(action="portal.check_in_acknowledged")
    assert audit.detail == {"check_in_id": str(row.pk)}
    assert CaseEvent.objects.filter(type=EventType.PORTAL_CHECK_IN_ACKNOWLEDGED, parameters__check_in_id=str(row.pk))
    # a second acknowledgement is refused with a clear message
    response = client.post(url, {f"{row.pk}-action_taken": "Again", f"{row.pk}-version": row.version})
    assert response.status_code == 400
    assert "already acknowledged" in response.content.decode()


def test_bad_check_in_input_is_refused_and_nothing_saved(setup):
    _case, account = setup
    survivor = portal_client(account)
    assert survivor.post(reverse("portal:checkin"), {"form": "checkin"}).status_code == 400
    assert survivor.post(reverse("portal:checkin"), {"form": "checkin", "safety": "maybe"}).status_code == 400
    assert CheckIn.objects.count() == 0
    response = survivor.post(reverse("portal:checkin"), {"form": "schedule", "every_days": "2"})
    assert response.status_code == 400


def test_a_calm_check_in_is_not_urgent(setup, personas):
    _case, account = setup
    survivor = portal_client(account)
    survivor.post(reverse("portal:checkin"), {"form": "checkin", "feeling": "good", "safety": "safe"})
    assert "Thank you for checking in" in survivor.get(reverse("portal:checkin") + "?sent=1").content.decode()
    assert _urgent_tasks(personas["case_manager"]) == []


def test_a_missed_scheduled_check_in_is_a_softer_task_and_recorded_once(setup, personas):
    case, account = setup
    with time_machine.travel(NOON, tick=False):
        response = portal_client(account).post(reverse("portal:checkin"), {"form": "schedule", "every_days": "3"})
        assert response.status_code == 302
    with time_machine.travel(NOON + datetime.timedelta(days=3), tick=False):
        assert checkin_actions.record_missed_check_ins() == 0  # due today: not missed yet
        assert [t for t in tasks_for(personas["case_manager"], timezone.localdate()) if "missed" in t.source] == []
    with time_machine.travel(NOON + datetime.timedelta(days=4), tick=False):
        missed = [t for t in tasks_for(personas["case_manager"], timezone.localdate()) if "missed" in t.source]
        assert len(missed) == 1 and not missed[0].urgent
        assert checkin_actions.record_missed_check_ins() == 1
        assert checkin_actions.record_missed_check_ins() == 0
        assert CaseEvent.objects.filter(case=case, type=EventType.PORTAL_CHECK_IN_MISSED).count() == 1
        # a check-in starts the clock again: the task is gone
        checkin_actions.do_check_in(account=account, data=checkin_actions.CheckInInput(feeling="okay"))
        today = timezone.localdate()
        assert [t for t in tasks_for(personas["case_manager"], today) if "missed" in t.source] == []


def test_api_lists_and_acknowledges_check_ins(setup, personas):
    case, account = setup
    row = checkin_actions.do_check_in(account=account, data=checkin_actions.CheckInInput(safety="not_safe", note=NOTE))
    client = login_client(personas["case_manager"])
    listed = client.get(f"/api/v1/cases/{case.pk}/portal/check-ins").json()["items"]
    assert listed[0]["note"] == NOTE and listed[0]["urgent"] is True
    url = f"/api/v1/cases/{case.pk}/portal/check-ins/{row.pk}/acknowledgement"
    assert client.post(url, {"version": row.version}, content_type="application/json").status_code == 422
    response = client.post(url, {"action_taken": "Called", "version": row.version}, content_type="application/json")
    assert response.status_code == 200 and response.json()["action_taken"] == "Called"
    # another agency sees nothing
    other = login_client(personas["other_agency_user"])
    assert other.get(f"/api/v1/cases/{case.pk}/portal/check-ins").status_code == 404


def test_api_pages_through_every_check_in_of_the_case(setup, personas):
    # given 104 check-ins on the case (more than the case page shows)
    case, account = setup
    first = checkin_actions.do_check_in(account=account, data=checkin_actions.CheckInInput(feeling="okay"))
    CheckIn.objects.bulk_create(
        CheckIn(agency_id=case.agency_id, account=account, case=case, feeling="okay") for _ in range(103)
    )
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/portal/check-ins?limit=100"
    # when the client pages through them
    page = client.get(url).json()
    rest = client.get(f"{url}&cursor={page['next_cursor']}").json()
    # then every one comes once, the first one last, and the list ends
    ids = [row["id"] for row in page["items"] + rest["items"]]
    assert len(page["items"]) == 100
    assert len(ids) == len(set(ids)) == 104
    assert ids[-1] == str(first.pk)
    assert rest["next_cursor"] is None


def test_a_weekend_noon_is_outside_office_hours(setup, personas):
    _case, account = setup
    saturday_noon = datetime.datetime(2026, 3, 7, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(saturday_noon, tick=False):
        checkin_actions.do_check_in(account=account, data=checkin_actions.CheckInInput(safety="not_safe"))
        assert len(_urgent_tasks(personas["supervisor"])) == 1


def test_the_on_call_supervisor_acts_on_an_alert_without_seeing_the_case(setup, personas, agency):
    from reclaim.accounts.actions import do_add_member
    from reclaim.connect.selectors import settings_for_agency

    _case, account = setup
    # an on-call supervisor in another team: they do not read this case
    on_call = do_add_member(
        actor=None,
        agency=agency,
        email="oncall@a.example",
        display_name="On call",
        role="supervisor",
        password="x" * 16,
    ).user
    row = settings_for_agency(agency.pk)
    do_save_portal_settings(
        actor=personas["agency_admin"],
        agency=agency,
        data=SettingsInput(exit_url=row.exit_url, on_call=on_call),
        expected_version=row.version,
    )
    with time_machine.travel(NIGHT, tick=False):
        alert = checkin_actions.do_check_in(
            account=account, data=checkin_actions.CheckInInput(safety="help_now", note="He found me at the bus stop")
        )
        tasks = _urgent_tasks(on_call)
        assert len(tasks) == 1 and tasks[0].url == reverse("connect:urgent_check_in", args=[alert.pk])
        client = login_client(on_call)
        assert client.get(reverse("cases:detail", args=[alert.case_id])).status_code == 404
        page = client.get(tasks[0].url)
        body = page.content.decode()
        assert page.status_code == 200 and "He found me" not in body
        response = client.post(
            tasks[0].url, {f"{alert.pk}-action_taken": "Called the safe number", f"{alert.pk}-version": alert.version}
        )
        assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == on_call
    # someone of another agency gets 404, a colleague who neither reads the case nor is on call too
    assert login_client(personas["other_agency_user"]).get(tasks[0].url).status_code == 404
    assert login_client(personas["outreach_coordinator"]).get(tasks[0].url).status_code == 404
