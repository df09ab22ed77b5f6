"""The portal's own sign-in, sessions and safety headers."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import active_portal_account, login_client, portal_client
from reclaim.cases.actions import do_open_case
from reclaim.connect import actions
from reclaim.connect.actions import SettingsInput, do_save_portal_settings
from reclaim.connect.models import AccessStatus

PASSPHRASE = "a-long-portal-passphrase-7"


@pytest.fixture
def case(personas, survivor_a):
    return do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)


@pytest.fixture
def account(personas, case):
    return active_portal_account(case, personas["case_manager"], "blue river")


def test_activation_through_the_pages_signs_the_survivor_in(personas, case):
    _account, code = actions.do_create_portal_access(actor=personas["case_manager"], case=case)
    browser = Client()
    page = browser.get(reverse("portal:activate"))
    assert page.status_code == 200
    assert 'autocomplete="off"' in page.content.decode()
    response = browser.post(
        reverse("portal:activate"),
        {"code": code, "username": "blue river", "passphrase": PASSPHRASE, "confirm": PASSPHRASE},
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert browser.get(reverse("portal:home")).status_code == 200


def test_mismatched_passphrases_are_refused_and_the_code_still_works(personas, case):
    account, code = actions.do_create_portal_access(actor=personas["case_manager"], case=case)
    response = Client().post(
        reverse("portal:activate"),
        {"code": code, "username": "blue river", "passphrase": PASSPHRASE, "confirm": PASSPHRASE + "x"},
    )
    assert response.status_code == 400
    assert "not the same" in response.content.decode()
    account.refresh_from_db()
    assert account.status == AccessStatus.PENDING


def test_sign_in_and_out_and_a_wrong_passphrase_says_nothing_specific(account):
    browser = Client()
    wrong = browser.post(reverse("portal:sign_in"), {"username": "blue river", "passphrase": "nope nope nope"})
    assert wrong.status_code == 400
    assert "Those details did not work" in wrong.content.decode()
    ok = browser.post(reverse("portal:sign_in"), {"username": "blue river", "passphrase": PASSPHRASE})
    assert ok.status_code == 302
    assert browser.get(reverse("portal:home")).status_code == 200
    browser.post(reverse("portal:sign_out"))
    assert browser.get(reverse("portal:home")).status_code == 302


def test_sign_in_needs_the_authenticator_code_once_it_is_on(account):
    from allauth.mfa.totp.internal.auth import generate_totp_secret, hotp_value, yield_hotp_counters_from_time

    secret = generate_totp_secret()
    code = f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"
    actions.do_set_totp(account=account, secret=secret, code=code)
    with pytest.raises(actions.SignInRefused):
        actions.authenticate(username="blue river", passphrase=PASSPHRASE)
    assert actions.authenticate(username="blue river", passphrase=PASSPHRASE, totp_code=code) == account


def test_the_session_ends_after_the_agencys_idle_minutes(personas, account):
    do_save_portal_settings(
        actor=personas["agency_admin"],
        agency=account.agency,
        data=SettingsInput(exit_url="https://example.org/", idle_minutes=5),
        expected_version=1,
    )
    browser = portal_client(account)
    assert browser.get(reverse("portal:home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = browser.get(reverse("portal:home"))
        assert response.status_code == 302
        notice = browser.get(reverse("portal:sign_in"))
        assert "not used for a while" in notice.content.decode()


def test_sign_out_everywhere_ends_every_session(account):
    phone, laptop = portal_client(account), portal_client(account)
    assert phone.post(reverse("portal:sign_out_everywhere")).status_code == 302
    assert laptop.get(reverse("portal:home")).status_code == 302


def test_a_survivor_session_gets_404_on_staff_pages_and_the_api(account, case):
    browser = portal_client(account)
    for path in ("/", reverse("cases:detail", args=[case.pk]), "/api/v1/me", "/accounts/login/"):
        assert browser.get(path).status_code == 404, path
    # the portal's own 404 page is neutral (no staff navigation)
    missing = browser.get("/portal/nothing-here/")
    assert missing.status_code == 404
    assert "Reclaim" not in missing.content.decode()


def test_a_staff_sign_in_is_not_a_portal_sign_in(personas):
    response = login_client(personas["case_manager"]).get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:sign_in")


def test_every_portal_page_is_no_store_neutral_and_has_quick_exit(personas, account):
    row = do_save_portal_settings(
        actor=personas["agency_admin"],
        agency=account.agency,
        data=SettingsInput(disguise_name="Daily tips", exit_url="https://example.org/news"),
        expected_version=1,
    )
    for client, url in (
        (Client(), reverse("portal:help_now")),
        (Client(), reverse("portal:staying_safe")),
        (Client(), reverse("portal:sign_in")),
        (portal_client(account), reverse("portal:home")),
        (portal_client(account), reverse("portal:settings")),
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"
        assert "data-quick-exit" in body
        if "/me/" in url:  # signed in: the agency's disguise and exit site
            assert "<title>Daily tips</title>" in body and 'href="https://example.org/news"' in body
        assert "Reclaim" not in body and account.survivor.reference not in body
    # the entry link chooses the agency's look for a visitor
    visitor = Client()
    assert visitor.get(reverse("portal:enter", args=[row.entry_code])).status_code == 302
    assert "<title>Daily tips</title>" in visitor.get(reverse("portal:help_now")).content.decode()
    assert Client().get(reverse("portal:enter", args=["nosuchcode"])).status_code == 404


def test_the_language_switch_comes_back_to_the_page_and_refuses_other_sites(account):
    browser = Client()
    back = browser.get(reverse("portal:language", args=["es"]) + "?next=/portal/staying-safe/")
    assert back["Location"] == "/portal/staying-safe/"
    away = browser.get(reverse("portal:language", args=["es"]) + "?next=https://evil.example/")
    assert away["Location"] == "/portal/"
    assert browser.get(reverse("portal:language", args=["xx"])).status_code == 404


def test_quick_exit_beacon_ends_the_session(account):
    browser = portal_client(account)
    assert browser.post(reverse("portal:quick_exit")).status_code == 204
    assert browser.get(reverse("portal:home")).status_code == 302


def test_preferences_are_saved_encrypted_and_bad_email_is_refused(account):
    browser = portal_client(account)
    response = browser.post(
        reverse("portal:settings"),
        {"form": "preferences", "language": "fr", "safe_contact": "Text only after 6 pm", "notify_email": "no-at"},
    )
    assert response.status_code == 400
    account.refresh_from_db()
    assert not account.safe_contact
    response = browser.post(
        reverse("portal:settings"),
        {"form": "preferences", "language": "fr", "safe_contact": "Text only after 6 pm", "notify_email": ""},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.language == "fr" and account.safe_contact == "Text only after 6 pm"
    assert 'lang="fr"' in browser.get(reverse("portal:home")).content.decode()
