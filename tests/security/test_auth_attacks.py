"""Attacks on sign-in and sessions: session fixation, password guessing and spraying, MFA bypass (the code stage,
guessing codes, a password reset), emergency access without a reason, and credentials of suspended or deactivated
staff.

reclaim/accounts/tests/ checks the rules one by one; these tests play the attacker end to end, through the pages and
the API, and check that nothing was gained (no signed-in session, no row written, no data served).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, login_client
from reclaim.accounts.actions import do_change_membership, do_create_api_token
from reclaim.accounts.models import ApiToken, BreakGlassGrant, Membership

NEW_PASSWORD = "an-entirely-new-passphrase-91"


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _staff_pages_refused(client: Client) -> bool:
    page = client.get(reverse("people:list"))
    api = client.get("/api/v1/me")
    return page.status_code == 302 and "/accounts/" in page["Location"] and api.status_code in {401, 403}


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


@pytest.fixture
def totp_user(personas):
    """The case manager, with a TOTP authenticator set up."""
    secret = generate_totp_secret()
    TOTP.activate(personas["case_manager"], secret)
    return personas["case_manager"], secret


# --- session fixation ---


def test_a_planted_session_key_is_worthless_after_sign_in(personas):
    # given an attacker who made a session on the sign-in page and planted its cookie in the victim's browser
    victim = Client()
    session = victim.session
    session["planted"] = True
    session.save()
    planted = session.session_key
    # when the victim signs in
    response = victim.post(reverse("account_login"), {"login": "volunteer@a.example", "password": PASSWORD})
    assert response.status_code == 302
    # then the signed-in session has a new key, and the planted one does not sign the attacker in
    assert victim.cookies["sessionid"].value != planted
    attacker = Client()
    attacker.cookies["sessionid"] = planted
    assert attacker.get(reverse("home")).status_code == 302
    assert not _signed_in(attacker)


def test_a_session_key_chosen_by_the_attacker_is_not_adopted(personas):
    # given a browser carrying a session id the attacker made up
    victim = Client()
    victim.cookies["sessionid"] = "attackerchosen0000000000000000000"
    # when the victim signs in
    victim.post(reverse("account_login"), {"login": "volunteer@a.example", "password": PASSWORD})
    # then the session is one the server made
    assert victim.cookies["sessionid"].value != "attackerchosen0000000000000000000"
    attacker = Client()
    attacker.cookies["sessionid"] = "attackerchosen0000000000000000000"
    assert attacker.get(reverse("home")).status_code == 302


def test_portal_sign_in_rotates_the_session_key(personas, survivor_a):
    from reclaim.cases.actions import do_open_case
    from tests.test_permission_matrix import active_portal_account

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    active_portal_account(case, personas["case_manager"], "fixation-check")
    # given a survivor's browser with a session made before signing in
    victim = Client()
    victim.get(reverse("portal:sign_in"))
    session = victim.session
    session["planted"] = True
    session.save()
    planted = session.session_key
    # when the survivor signs in
    response = victim.post(
        reverse("portal:sign_in"), {"username": "fixation-check", "passphrase": "a-long-portal-passphrase-7"}
    )
    assert response.status_code == 302
    # then the key changed and the old one opens no portal page
    assert victim.cookies["sessionid"].value != planted
    attacker = Client()
    attacker.cookies["sessionid"] = planted
    assert attacker.get(reverse("portal:home")).status_code == 302


# --- password guessing ---


def test_password_spraying_from_one_address_is_throttled(personas):
    # given one address trying a common password against five different staff accounts
    client = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("agency_admin", "supervisor", "clinician", "legal_advocate", "analyst"):
        client.post(reverse("account_login"), {"login": f"{name}@a.example", "password": "Password123!x"})
    # when it then tries the right password of a sixth account
    response = client.post(reverse("account_login"), {"login": "volunteer@a.example", "password": PASSWORD})
    # then it is refused while the throttle lasts
    assert not _signed_in(client)
    assert response.status_code in {200, 429}


def test_guessing_one_account_from_many_addresses_is_throttled(personas):
    # given five failed guesses at one account, each from a different address
    for n in range(5):
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            reverse("account_login"), {"login": "volunteer@a.example", "password": f"guess-number-{n}-xyz"}
        )
    # when the right password arrives from yet another address
    client = Client(REMOTE_ADDR="192.0.2.77")
    client.post(reverse("account_login"), {"login": "volunteer@a.example", "password": PASSWORD})
    # then the account's own throttle refuses it
    assert not _signed_in(client)


# --- MFA bypass ---


def test_no_insecure_totp_bypass_code_is_configured():
    assert not getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)


def test_the_password_alone_leaves_the_session_half_signed_in(totp_user):
    user, secret = totp_user
    client = Client()
    # when the password is right but no code has been entered
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    # then the browser is sent to the code stage and reaches no page or API operation
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    assert _staff_pages_refused(client)
    # and the right code completes the sign-in (so the refusals above were the missing code)
    done = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert done.status_code == 302
    assert _signed_in(client)
    assert client.get(reverse("people:list")).status_code == 200


def test_guessing_the_code_is_throttled(totp_user):
    user, secret = totp_user
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    # given five wrong codes
    for guess in ("000000", "111111", "222222", "333333", "444444"):
        client.post(reverse("mfa_authenticate"), {"code": guess})
    # when the right code follows
    client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    # then it is refused while the throttle lasts
    assert not _signed_in(client)
    assert _staff_pages_refused(client)


def test_a_password_reset_does_not_skip_mfa(totp_user):
    user, _secret = totp_user
    client = Client()
    # given an attacker who controls the staff member's mailbox and resets the password
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    response = client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # then the reset signs nobody in
    assert not _signed_in(client)
    assert _staff_pages_refused(client)
    # and the new password still stops at the code stage
    response = client.post(reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    assert _staff_pages_refused(client)


def test_a_role_that_must_use_mfa_cannot_mint_an_api_token_before_setting_it_up(personas):
    # given a case manager signed in with the password only (no authenticator yet)
    client = login_client(personas["case_manager"], mfa_done=False)
    # when they try to create an API token, which would outlive the missing second factor
    page = client.post(reverse("accounts:tokens"), {"name": "escape"})
    api = client.post("/api/v1/tokens", {"name": "escape"}, content_type="application/json")
    # then both are refused and no token exists
    assert page.status_code == 302
    assert page["Location"] == reverse("mfa_activate_totp")
    assert api.status_code in {401, 403}
    assert not ApiToken.objects.filter(user=personas["case_manager"]).exists()


# --- emergency access ---


@pytest.mark.parametrize("reason", ["", "because", " " * 40, "\n\t" * 15])
def test_emergency_access_without_a_real_reason_is_refused(reason, personas, agency):
    operator = login_client(personas["platform_operator"])
    # when the operator opens emergency access with no reason (or only blanks), by the page and by the API
    page = operator.post(reverse("accounts:break_glass"), {"agency": agency.pk, "reason": reason, "hours": 1})
    api = operator.post(
        "/api/v1/break-glass/grants",
        {"agency_id": str(agency.pk), "reason": reason, "hours": 1},
        content_type="application/json",
    )
    # then neither opens a grant
    assert page.status_code == 200
    assert api.status_code in {400, 422}
    assert not BreakGlassGrant.objects.exists()


def test_emergency_access_with_a_reason_opens_a_grant(personas, agency):
    # the control for the test above: the same requests with a stated reason succeed
    operator = login_client(personas["platform_operator"])
    response = operator.post(
        reverse("accounts:break_glass"),
        {"agency": agency.pk, "reason": "Restoring a corrupted record at the agency's request", "hours": 1},
    )
    assert response.status_code == 302
    assert BreakGlassGrant.objects.count() == 1


# --- credentials of suspended and deactivated staff ---


def _token(user):
    _token_row, raw = do_create_api_token(actor=user, membership=Membership.objects.get(user=user), name="t")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_tokens_stop_working_for_a_deactivated_user(personas):
    bearer = _token(personas["clinician"])
    assert bearer.get("/api/v1/me").status_code == 200
    # when the user account itself is deactivated
    personas["clinician"].is_active = False
    personas["clinician"].save(update_fields=["is_active"])
    # then the token is refused
    assert bearer.get("/api/v1/me").status_code == 401
    assert bearer.get("/api/v1/cases").status_code == 401


def test_tokens_stop_working_when_the_agency_is_deactivated(personas, agency):
    bearer = _token(personas["supervisor"])
    assert bearer.get("/api/v1/me").status_code == 200
    agency.is_active = False
    agency.save(update_fields=["is_active"])
    assert bearer.get("/api/v1/me").status_code == 401


def test_an_expired_token_is_refused(personas):
    bearer = _token(personas["supervisor"])
    ApiToken.objects.filter(user=personas["supervisor"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer.get("/api/v1/me").status_code == 401


def test_a_suspended_members_token_and_open_session_reach_no_case_data(personas, survivor_a):
    # given a case manager with a token and an open browser session on their assigned survivor
    bearer = _token(personas["case_manager"])
    browser = login_client(personas["case_manager"])
    detail = reverse("people:detail", args=[survivor_a.pk])
    assert browser.get(detail).status_code == 200
    # when their admin suspends them
    membership = Membership.objects.get(user=personas["case_manager"])
    do_change_membership(
        actor=personas["agency_admin"], membership=membership, role=membership.role, teams=[], is_active=False
    )
    # then neither the token nor the open session reaches the survivor
    assert bearer.get(f"/api/v1/survivors/{survivor_a.pk}").status_code == 401
    assert browser.get(detail).status_code in {302, 403, 404}
    assert browser.get(f"/api/v1/survivors/{survivor_a.pk}").status_code in {401, 403, 404}
    assert b"Quintanilla" not in browser.get(reverse("people:list")).content


# --- the survivor portal's sign-in ---


def _portal_account(personas, survivor_a, username: str, *, totp: bool) -> str:
    """An active portal account on a new case of survivor A; the authenticator's secret when `totp`."""
    from reclaim.cases.actions import do_open_case
    from reclaim.connect import actions as portal_actions
    from tests.test_permission_matrix import active_portal_account

    case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    account = active_portal_account(case, personas["case_manager"], username)
    if not totp:
        return ""
    secret = generate_totp_secret()
    portal_actions.do_set_totp(account=account, secret=secret, code=_current_code(secret))
    return secret


def test_a_portal_code_seen_once_cannot_sign_in_again(personas, survivor_a):
    from reclaim.connect import actions as portal_actions

    # given a survivor who signed in with their authenticator's current code
    secret = _portal_account(personas, survivor_a, "replay-check", totp=True)
    code = _current_code(secret)
    first = Client().post(
        reverse("portal:sign_in"),
        {"username": "replay-check", "passphrase": "a-long-portal-passphrase-7", "code": code},
    )
    assert first.status_code == 302
    # when someone who saw the code (and knows the passphrase) uses it again while it is still valid
    second = Client().post(
        reverse("portal:sign_in"),
        {"username": "replay-check", "passphrase": "a-long-portal-passphrase-7", "code": code},
    )
    # then it is refused like any wrong detail, and opens no portal page
    assert second.status_code == 400
    assert "_portal_account" not in "".join(second.client.session.keys())
    with pytest.raises(portal_actions.SignInRefused):
        portal_actions.authenticate(username="replay-check", passphrase="a-long-portal-passphrase-7", totp_code=code)


def test_portal_sign_ins_from_one_address_are_throttled_across_accounts(personas, survivor_a):
    from reclaim.portal.views.account import SIGN_IN_LIMIT

    # given one address trying passphrases against many sign-in names (most of which do not exist)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(SIGN_IN_LIMIT):
        attacker.post(reverse("portal:sign_in"), {"username": f"guess-{n}", "passphrase": "password123456"})
    _portal_account(personas, survivor_a, "spray-check", totp=False)
    # when the right details arrive from the same address
    # then they are refused too, with the throttle's message, and nothing is signed in (from another address the
    # same details work: the refusal is the throttle's)
    right = attacker.post(
        reverse("portal:sign_in"), {"username": "spray-check", "passphrase": "a-long-portal-passphrase-7"}
    )
    assert right.status_code == 400
    assert "Too many tries" in right.content.decode()
    assert attacker.get(reverse("portal:home")).status_code == 302
    elsewhere = Client(REMOTE_ADDR="198.51.100.4").post(
        reverse("portal:sign_in"), {"username": "spray-check", "passphrase": "a-long-portal-passphrase-7"}
    )
    assert elsewhere.status_code == 302
