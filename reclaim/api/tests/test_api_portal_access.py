"""Portal access API (issue 11 B): a case's portal account (set up, new code, suspend, resume, sign out, close),
the agency's portal settings, and the urgent check-in page's operations (the on-call supervisor sees no note)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from conftest import active_portal_account, login_client
from reclaim.accounts.actions import do_add_member
from reclaim.cases.actions import do_open_case
from reclaim.connect import checkin_actions
from reclaim.connect.actions import SettingsInput, do_save_portal_settings, ensure_portal_settings
from reclaim.connect.models import AccessStatus, PortalAccount, PortalSettings
from reclaim.connect.selectors import account_by_activation_code

pytestmark = pytest.mark.django_db

NIGHT = datetime.datetime(2026, 3, 3, 22, 0, tzinfo=datetime.UTC)
NOTE = "He found me at the bus stop"


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


def _access(case):
    return f"/api/v1/cases/{case.pk}/portal/access"


def _change(client, case, change):
    return client.post(f"{_access(case)}/changes", {"change": change}, content_type="application/json")


def test_set_up_access_then_change_it(case, personas):
    client = login_client(personas["case_manager"])
    # given no portal access yet
    assert client.get(_access(case)).json() == {"account": None, "tied_to_other_case": False, "can_manage": True}
    # when it is set up
    created = client.post(_access(case))
    # then the one-time code comes back once, and it is the one that activates the account
    assert created.status_code == 201
    body = created.json()
    assert body["account"]["status"] == AccessStatus.PENDING
    assert body["entry_url"].startswith("http://testserver/portal/")
    assert account_by_activation_code(body["activation_code"]).pk.hex == body["account"]["id"].replace("-", "")
    assert client.get(_access(case)).json()["account"]["id"] == body["account"]["id"]
    # and a second set-up is refused with the domain's code
    again = client.post(_access(case))
    assert (again.status_code, again.json()["code"]) == (400, "portal_access_exists")
    # when it is suspended, then resumed
    suspended = _change(client, case, "suspend")
    assert (suspended.status_code, suspended.json()["account"]["status"]) == (200, AccessStatus.SUSPENDED)
    assert suspended.json()["activation_code"] is None
    refused = _change(client, case, "suspend")
    assert (refused.status_code, refused.json()["code"]) == (400, "portal_access_stopped")
    assert _change(client, case, "resume").json()["account"]["status"] == AccessStatus.PENDING
    # when a new code is given, the old one stops working
    renewed = _change(client, case, "new_code").json()
    assert renewed["activation_code"] not in (None, body["activation_code"])
    assert account_by_activation_code(body["activation_code"]) is None
    # when it is closed, the case has no open access any more
    closed = _change(client, case, "close")
    assert (closed.status_code, closed.json()["account"]["status"]) == (200, AccessStatus.CLOSED)
    assert client.get(_access(case)).json()["account"] is None
    assert _change(client, case, "sign_out").status_code == 404


def test_sign_out_everywhere_ends_the_sessions(case, personas):
    account = active_portal_account(case, personas["case_manager"], "api-access-survivor")
    before = account.session_generation
    response = _change(login_client(personas["supervisor"]), case, "sign_out")
    assert response.status_code == 200
    account.refresh_from_db()
    assert account.session_generation == before + 1


@pytest.mark.parametrize("body", [{}, {"change": "delete"}, {"change": ["suspend"]}])
def test_an_unknown_change_is_422_and_changes_nothing(case, personas, body):
    active_portal_account(case, personas["case_manager"], "api-access-survivor")
    client = login_client(personas["case_manager"])
    response = client.post(f"{_access(case)}/changes", body, content_type="application/json")
    assert response.status_code == 422
    assert PortalAccount.objects.get().status == AccessStatus.ACTIVE


def test_readers_see_the_account_but_may_not_manage_it(case, personas):
    active_portal_account(case, personas["case_manager"], "api-access-survivor")
    director = login_client(personas["program_director"])
    seen = director.get(_access(case)).json()
    assert seen["account"]["status"] == AccessStatus.ACTIVE and seen["can_manage"] is False
    assert _change(director, case, "suspend").status_code == 403
    assert director.post(_access(case)).status_code == 403
    assert login_client(personas["other_agency_user"]).get(_access(case)).status_code == 404
    assert PortalAccount.objects.get().status == AccessStatus.ACTIVE


# --- settings ---


SETTINGS = {
    "disguise_name": "Daily tips",
    "disguise_icon": "sun",
    "exit_url": "https://weather.example/today",
    "hotlines": [{"label": "Safe line", "number": "555 0100"}],
    "idle_minutes": 15,
    "message_retention_days": 90,
    "office_opens": "08:30",
    "office_closes": "18:00",
}


def _put(client, body):
    return client.put("/api/v1/portal-settings", body, content_type="application/json")


def test_read_and_save_the_portal_settings(personas):
    client = login_client(personas["agency_admin"])
    # given nothing saved: the defaults, no version
    first = client.get("/api/v1/portal-settings").json()
    assert (first["saved"], first["version"], first["entry_url"]) == (False, None, "")
    assert str(personas["supervisor"].pk) in first["on_call_candidate_ids"]
    # when saved for the first time, with an on-call supervisor
    saved = _put(client, {**SETTINGS, "on_call_id": str(personas["supervisor"].pk), "version": None})
    # then the values and the entry link come back
    assert saved.status_code == 200
    body = saved.json()
    assert (body["saved"], body["version"], body["idle_minutes"], body["office_opens"]) == (True, 1, 15, "08:30:00")
    assert body["hotlines"][0]["label"] == "Safe line" and body["entry_url"].startswith("http://testserver/portal/")
    assert body["on_call_id"] == str(personas["supervisor"].pk)
    # when a director saves with the version read
    again = _put(login_client(personas["program_director"]), {**SETTINGS, "idle_minutes": 20, "version": 1})
    assert (again.status_code, again.json()["version"], again.json()["on_call_id"]) == (200, 2, None)
    # then a stale save is a conflict that names the current version
    stale = _put(client, {**SETTINGS, "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert PortalSettings.objects.get().idle_minutes == 20


@pytest.mark.parametrize(
    "change",
    [
        {"idle_minutes": 1},
        {"message_retention_days": 10},
        {"exit_url": "javascript:alert(1)"},
        {"disguise_icon": "skull"},
        {"office_opens": "25:00"},
        {"hotlines": [{"label": "x"}] * 6},
    ],
)
def test_bad_settings_are_422_and_nothing_is_saved(personas, change):
    response = _put(login_client(personas["agency_admin"]), {**SETTINGS, **change})
    assert response.status_code == 422
    assert not PortalSettings.objects.exists()


def test_the_on_call_person_must_be_a_supervisor_of_the_agency(personas):
    client = login_client(personas["agency_admin"])
    for person in ("case_manager", "other_agency_user"):
        response = _put(client, {**SETTINGS, "on_call_id": str(personas[person].pk)})
        assert (response.status_code, response.json()["code"]) == (400, "invalid_on_call")
        assert "on_call_id" in response.json()["fields"]
    assert not PortalSettings.objects.exists()


def test_a_half_filled_help_line_is_400_and_nothing_is_saved(personas):
    response = _put(login_client(personas["agency_admin"]), {**SETTINGS, "hotlines": [{"label": "Safe line"}]})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_hotline")
    assert not PortalSettings.objects.exists()


def test_only_admins_and_directors_keep_the_settings(personas):
    for persona in ("supervisor", "case_manager", "analyst"):
        client = login_client(personas[persona])
        assert client.get("/api/v1/portal-settings").status_code == 403
        assert _put(client, SETTINGS).status_code == 403
    assert not PortalSettings.objects.exists()


# --- urgent check-ins ---


@pytest.fixture
def on_call_alert(case, personas, agency):
    """An urgent check-in at night, with an on-call supervisor who does not read the case."""
    account = active_portal_account(case, personas["case_manager"], "api-urgent-survivor")
    account.safe_contact = "Text only after 6 pm"
    account.save()
    on_call = do_add_member(
        actor=None,
        agency=agency,
        email="oncall@a.example",
        display_name="On call",
        role="supervisor",
        password="x" * 16,
    ).user
    row = ensure_portal_settings(agency)
    do_save_portal_settings(
        actor=personas["agency_admin"],
        agency=agency,
        data=SettingsInput(exit_url=row.exit_url, on_call=on_call),
        expected_version=row.version,
    )
    with time_machine.travel(NIGHT, tick=False):
        alert = checkin_actions.do_check_in(
            account=account, data=checkin_actions.CheckInInput(safety="help_now", note=NOTE)
        )
    return alert, on_call


def test_the_on_call_supervisor_sees_the_alert_not_the_note_and_acknowledges_it(on_call_alert, personas):
    alert, on_call = on_call_alert
    url = f"/api/v1/portal/urgent-check-ins/{alert.pk}"
    client = login_client(on_call)
    # when the on-call supervisor reads it
    seen = client.get(url)
    # then they get the alert and the safe contact, never the note
    assert seen.status_code == 200
    body = seen.json()
    assert (body["reads_case"], body["note"], body["can_act"]) == (False, None, True)
    assert "Text only after 6 pm" in body["safe_contact"]
    assert NOTE not in seen.content.decode()
    # and a stale acknowledgement is a conflict, a fresh one goes through
    ack = f"{url}/acknowledgement"
    stale = client.post(ack, {"action_taken": "Called", "version": 99}, content_type="application/json")
    assert stale.status_code == 409
    done = client.post(
        ack, {"action_taken": "Texted the safe number", "version": body["version"]}, content_type="application/json"
    )
    assert done.status_code == 200
    assert (done.json()["acknowledged_by_id"], done.json()["action_taken"]) == (str(on_call.pk), None)
    # while the case manager reads the note and what was done
    worker = login_client(personas["case_manager"]).get(url).json()
    assert (worker["note"], worker["action_taken"], worker["can_act"]) == (NOTE, "Texted the safe number", False)


def test_an_empty_acknowledgement_is_422_and_outsiders_get_404(on_call_alert, personas):
    alert, _on_call = on_call_alert
    url = f"/api/v1/portal/urgent-check-ins/{alert.pk}"
    client = login_client(personas["case_manager"])
    bad = client.post(f"{url}/acknowledgement", {"action_taken": "", "version": 1}, content_type="application/json")
    assert bad.status_code == 422
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    for persona in ("other_agency_user", "outreach_coordinator"):
        assert login_client(personas[persona]).get(url).status_code == 404
