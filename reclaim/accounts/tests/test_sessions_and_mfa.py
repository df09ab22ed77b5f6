from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, login_client
from reclaim.core.models import AuditEvent


def test_roles_that_see_case_data_must_set_up_mfa(personas):
    client = login_client(personas["case_manager"], mfa_done=False)
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    api = client.get("/api/v1/me")
    assert api.status_code in {401, 403}


def test_mfa_is_accepted_once_a_totp_authenticator_exists(personas):
    Authenticator.objects.create(user=personas["case_manager"], type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = login_client(personas["case_manager"], mfa_done=False)
    assert client.get(reverse("people:list")).status_code == 200


def test_volunteer_is_not_forced_into_mfa(personas):
    assert login_client(personas["volunteer"], mfa_done=False).get(reverse("home")).status_code == 200


def test_login_rotates_the_session_and_is_audited(personas):
    client = Client()
    client.get(reverse("account_login"))
    before = client.cookies.get("sessionid")
    response = client.post(reverse("account_login"), {"login": "volunteer@a.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)
    assert AuditEvent.objects.filter(action="auth.login", actor_id=personas["volunteer"].pk).exists()


def test_failed_logins_are_audited_and_throttled(personas):
    client = Client()
    for _ in range(6):
        client.post(reverse("account_login"), {"login": "volunteer@a.example", "password": "wrong-password-123"})
    assert AuditEvent.objects.filter(action="auth.login_failed").count() >= 5
    # the right password is refused too while throttled
    response = client.post(reverse("account_login"), {"login": "volunteer@a.example", "password": PASSWORD})
    assert response.status_code in {200, 429}
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_idle_session_is_signed_out(personas, settings):
    settings.RECLAIM_IDLE_TIMEOUT_SECONDS = 60
    client = login_client(personas["volunteer"])
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["_reclaim_last_seen"] = time.time() - 120
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_pages_are_never_cached_and_carry_security_headers(personas):
    response = login_client(personas["volunteer"]).get(reverse("home"))
    assert "no-store" in response["Cache-Control"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_there_is_no_public_signup(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@x.example", "password1": "long-enough-pass-1", "password2": "long-enough-pass-1"},
    )
    assert response.status_code in {200, 403}
    from reclaim.accounts.models import User

    assert not User.objects.filter(email="x@x.example").exists()


@pytest.mark.django_db
def test_login_page_is_public_and_never_cached(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_session_ends_after_its_absolute_lifetime_even_when_active(personas, settings):
    settings.SESSION_COOKIE_AGE = 3600
    client = login_client(personas["volunteer"])
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["_reclaim_signed_in_at"] = time.time() - 3700
    session["_reclaim_last_seen"] = time.time()
    session.save()
    assert client.get(reverse("home")).status_code == 302
