"""ASVS 5.0 level-2 controls that docs/security.md's map listed without a test: the password hash, secrets from a
CSPRNG, other sessions ending after a password change, re-authentication before an MFA change, and the log filter
that masks PII-shaped text."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse

from conftest import PASSWORD, login_client
from reclaim.accounts.actions import TOKEN_PREFIX, do_create_api_token
from reclaim.core.logging import RedactFilter

ROOT = Path(__file__).resolve().parent.parent.parent
NEW_PASSWORD = "a-different-long-passphrase-58"


def test_passwords_are_hashed_with_argon2id_first():
    # ASVS 11.4.2: the configured hashers (the tests swap in a fast one per test; the settings module keeps the real
    # list) put Argon2 first, and a hash made with it is argon2id and verifies
    import config.settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    hashed = hasher.encode("correct horse battery staple", hasher.salt())
    assert hashed.startswith("argon2$argon2id$")
    assert hasher.verify("correct horse battery staple", hashed)
    assert not hasher.verify("correct horse battery stapl", hashed)


def test_product_code_takes_randomness_from_the_csprng_only():
    # ASVS 11.5.1: no module outside the demo data generator imports `random` (secrets and os.urandom only)
    offenders = []
    for path in (ROOT / "reclaim").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or relative.startswith("reclaim/demo/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if "random" in names:
                offenders.append(relative)
    assert offenders == []


def test_api_tokens_carry_at_least_256_bits_from_secrets(personas):
    # ASVS 11.5.1: a token's secret part is 32 random bytes (43 URL-safe characters); a hundred never repeat
    user = personas["case_manager"]
    raws = [do_create_api_token(actor=user, membership=None, name=f"t{n}")[1] for n in range(100)]
    secrets_part = [raw.removeprefix(TOKEN_PREFIX).split("_", 1)[1] for raw in raws]  # after the public prefix
    assert all(len(part) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", part) for part in secrets_part)
    assert len(set(raws)) == len(raws)


def test_changing_the_password_ends_the_other_sessions(personas):
    # ASVS 7.4.3: given the case manager signed in on two devices
    user = personas["case_manager"]
    laptop, phone = login_client(user), login_client(user)
    assert phone.get(reverse("cases:list")).status_code == 200
    # when they change their password on the laptop
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # then the phone's session no longer opens anything
    page = phone.get(reverse("cases:list"))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_turning_mfa_off_or_new_recovery_codes_need_a_recent_password(personas):
    # ASVS 7.5.1: given a signed-in user with an authenticator, whose last password entry was an hour ago
    user = personas["case_manager"]
    TOTP.activate(user, generate_totp_secret())
    client = login_client(user, reauthenticated_at=3600)
    # when they try to turn the authenticator off, or to make new recovery codes
    for name in ("mfa_deactivate_totp", "mfa_generate_recovery_codes"):
        response = client.post(reverse(name))
        # then the password is asked for first and the authenticator stays
        assert response.status_code == 302, name
        assert "/accounts/reauthenticate/" in response["Location"], name
    assert user.authenticator_set.filter(type="totp").exists()


def test_the_log_filter_masks_emails_phone_numbers_and_dates():
    # ASVS 16.2.5: a message that slipped through with PII-shaped text is masked before any handler sees it
    record = logging.LogRecord("reclaim.test", logging.WARNING, __file__, 1, "sent to %s on %s, call %s", None, None)
    record.args = ("ana.lopez@example.org", "1990-04-17", "+1 (555) 010-2233")
    assert RedactFilter().filter(record) is True
    message = record.getMessage()
    assert "ana.lopez" not in message and "1990-04-17" not in message and "010-2233" not in message
    assert message == "sent to [email] on [date], call [number]"


def test_the_log_filter_is_on_every_configured_handler():
    # the filter is a safety net only if every handler runs it
    assert settings.LOGGING["filters"]["redact"]["()"] == "reclaim.core.logging.RedactFilter"
    handlers = settings.LOGGING["handlers"]
    assert handlers
    assert {name: "redact" in handler.get("filters", []) for name, handler in handlers.items()} == dict.fromkeys(
        handlers, True
    )


def test_an_api_session_owing_mfa_set_up_gets_a_clear_403(personas, settings):
    # ASVS 6.3.3: the API through a browser session holds the same MFA gate as the pages
    settings.RECLAIM_REQUIRE_MFA = True
    client = login_client(personas["case_manager"], mfa_done=False)
    response = client.get("/api/v1/cases")
    assert response.status_code == 403
    assert response.json()["code"] == "auth.mfa_required"
    # and the same session, once an authenticator exists, reaches the list
    TOTP.activate(personas["case_manager"], generate_totp_secret())
    assert client.get("/api/v1/cases").status_code == 200


def test_the_configuration_admin_registers_no_survivor_data():
    # the Django admin bypasses the access layer, so it may hold reference data (agencies, teams, instruments), never
    # a model that is, or hangs off, a survivor, a case or a document (the same foreign-key graph the purge follows)
    from django.contrib import admin

    from reclaim.cases.models import Case
    from reclaim.documents.models import Document
    from reclaim.people.models import Survivor
    from reclaim.retention.purge import dependents_of

    personal = set(dependents_of([Survivor, Case, Document]))
    assert len(personal) > 50  # the graph is found: every case-file table
    registered = sorted(model._meta.label for model in admin.site._registry if model in personal)
    assert registered == []
