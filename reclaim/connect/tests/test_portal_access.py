"""Portal access: set up by the case worker, activated by the survivor, stopped at once when needed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import login_client, portal_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseEvent, EventType
from reclaim.connect import actions, selectors
from reclaim.connect.models import AccessStatus, PortalAccount
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent

PASSPHRASE = "a-long-portal-passphrase-7"


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


def test_staff_set_up_access_and_the_code_is_kept_only_as_a_hash(personas, case):
    # when the case manager sets up portal access
    account, code = actions.do_create_portal_access(actor=personas["case_manager"], case=case)
    # then the code is shown once and only its blind index is stored
    assert account.status == AccessStatus.PENDING
    assert len(code) == 14 and code.count("-") == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT activation_index FROM connect_portalaccount")
        stored = cursor.fetchone()[0]
    assert code not in stored and code.replace("-", "") not in stored
    assert selectors.account_by_activation_code(code.lower().replace("-", " ")) == account
    # and the timeline says so (ids only)
    event = CaseEvent.objects.get(case=case, type=EventType.PORTAL_ACCESS_CREATED)
    assert event.parameters == {"account_id": str(account.pk)}
    # and a second set-up is refused with a clear reason
    with pytest.raises(DomainError) as refused:
        actions.do_create_portal_access(actor=personas["case_manager"], case=case)
    assert refused.value.code == "portal_access_exists"


def test_the_survivor_activates_with_the_code_and_a_name_kept_only_as_a_hash(personas, case):
    _account, code = actions.do_create_portal_access(actor=personas["case_manager"], case=case)
    # when the survivor turns the code into a sign-in
    account = actions.do_activate(code=code, username="  blue   river ", passphrase=PASSPHRASE)
    # then the account is active, the code is spent, and the name is not stored in clear
    assert account.status == AccessStatus.ACTIVE and account.activation_index == ""
    assert "blue river" not in PortalAccount.objects.values_list("username_index", flat=True).get()
    assert actions.authenticate(username="Blue River", passphrase=PASSPHRASE) == account
    with pytest.raises(DomainError) as spent:
        actions.do_activate(code=code, username="another", passphrase=PASSPHRASE)
    assert spent.value.fields["code"]


@pytest.mark.parametrize(
    ("username", "passphrase", "field"),
    [
        ("abc", PASSPHRASE, "username"),
        ("a good name", "short", "passphrase"),
        ("a good name", "password1234", "passphrase"),
    ],
)
def test_bad_activation_input_gets_a_field_error_and_changes_nothing(personas, case, username, passphrase, field):
    account, code = actions.do_create_portal_access(actor=personas["case_manager"], case=case)
    with pytest.raises(DomainError) as refused:
        actions.do_activate(code=code, username=username, passphrase=passphrase)
    assert field in refused.value.fields
    account.refresh_from_db()
    assert account.status == AccessStatus.PENDING and account.activation_index


def test_an_old_code_does_not_work(personas, case):
    _account, code = actions.do_create_portal_access(actor=personas["case_manager"], case=case)
    with time_machine.travel(timezone.now() + timedelta(days=15)), pytest.raises(DomainError):
        actions.do_activate(code=code, username="blue river", passphrase=PASSPHRASE)


def test_five_wrong_passphrases_lock_the_account_for_fifteen_minutes(personas, case):
    _account, code = actions.do_create_portal_access(actor=personas["case_manager"], case=case)
    actions.do_activate(code=code, username="blue river", passphrase=PASSPHRASE)
    for _ in range(5):
        with pytest.raises(actions.SignInRefused):
            actions.authenticate(username="blue river", passphrase="not the passphrase")
    # the right passphrase is refused too while locked, with the same message
    with pytest.raises(actions.SignInRefused) as locked:
        actions.authenticate(username="blue river", passphrase=PASSPHRASE)
    with pytest.raises(actions.SignInRefused) as unknown:
        actions.authenticate(username="nobody here", passphrase=PASSPHRASE)
    assert locked.value.message == unknown.value.message
    assert AuditEvent.objects.filter(action="portal.sign_in_failed").count() == 5
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert actions.authenticate(username="blue river", passphrase=PASSPHRASE).is_active


def test_suspension_ends_the_session_at_once_and_refuses_sign_in(personas, case):
    from conftest import active_portal_account

    account = active_portal_account(case, personas["case_manager"], "blue river")
    browser = portal_client(account)
    assert browser.get(reverse("portal:home")).status_code == 200
    # when the case manager suspends access (the phone was taken)
    staff = login_client(personas["case_manager"])
    response = staff.post(reverse("connect:case_portal_change", args=[case.pk]), {"change": "suspend"})
    assert response.status_code == 302
    # then the open session ends and signing in is refused
    assert browser.get(reverse("portal:home")).status_code == 302
    with pytest.raises(actions.SignInRefused):
        actions.authenticate(username="blue river", passphrase=PASSPHRASE)
    assert CaseEvent.objects.filter(case=case, type=EventType.PORTAL_ACCESS_SUSPENDED).exists()
    # and resuming lets them back in
    staff.post(reverse("connect:case_portal_change", args=[case.pk]), {"change": "resume"})
    assert actions.authenticate(username="blue river", passphrase=PASSPHRASE).is_active


def test_a_new_code_ends_the_old_sign_in(personas, case):
    from conftest import active_portal_account

    account = active_portal_account(case, personas["case_manager"], "blue river")
    browser = portal_client(account)
    staff = login_client(personas["case_manager"])
    response = staff.post(reverse("connect:case_portal_change", args=[case.pk]), {"change": "new_code"})
    assert response.status_code == 200
    code = response.context["code"]
    assert code in response.content.decode()
    assert browser.get(reverse("portal:home")).status_code == 302
    with pytest.raises(actions.SignInRefused):
        actions.authenticate(username="blue river", passphrase=PASSPHRASE)
    assert actions.do_activate(code=code, username="green hill", passphrase=PASSPHRASE).is_active


def test_only_case_editors_manage_access(personas, case):
    director = login_client(personas["program_director"])
    assert director.get(reverse("connect:case_portal", args=[case.pk])).status_code == 200
    assert director.post(reverse("connect:case_portal_change", args=[case.pk]), {"change": "create"}).status_code == 403
    assert not PortalAccount.objects.exists()


def test_settings_save_with_help_lines_and_refuse_a_half_filled_line(personas):
    admin = login_client(personas["agency_admin"])
    url = reverse("connect:settings")
    assert admin.get(url).status_code == 200
    form = {
        "disguise_name": "Daily tips",
        "exit_url": "https://example.org/weather",
        "idle_minutes": 5,
        "message_retention_days": 180,
        "office_opens": "08:30",
        "office_closes": "18:00",
        "hotline_0_label": "Shelter line",
        "hotline_0_number": "+1 555 0100",
    }
    response = admin.post(url, form)
    assert response.status_code == 302
    row = selectors.settings_for_agency(personas["agency_admin"].memberships.get().agency_id)
    assert row.disguise_name == "Daily tips" and row.hotlines[0]["label"] == "Shelter line"
    assert row.entry_code and row.entry_code.isalnum()
    # a line with a name and no number is refused, and nothing changes
    response = admin.post(url, {**form, "version": row.version, "hotline_1_label": "No number", "idle_minutes": 7})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.idle_minutes == 5 and len(row.hotlines) == 1
    # a stale version is a conflict, not an overwrite
    response = admin.post(url, {**form, "version": row.version - 1 if row.version > 1 else 99, "idle_minutes": 9})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.idle_minutes == 5


def test_portal_settings_are_in_the_menu_of_whoever_keeps_them(personas):
    for persona, shown in (("agency_admin", True), ("program_director", True), ("case_manager", False)):
        page = login_client(personas[persona]).get(reverse("tasks")).content.decode()
        assert (reverse("connect:settings") in page) is shown, persona
