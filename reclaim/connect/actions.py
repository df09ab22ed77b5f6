"""Every write about portal access: settings, accounts, activation, sign-in, suspension (DOMAIN.md §13).

Staff actions take the acting User; the survivor's own actions take their PortalAccount, and their timeline
rows and audit rows carry no staff actor (`actor=None`, the account id in the parameters).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.connect import events, selectors
from reclaim.connect.models import AccessStatus, DisguiseIcon, PortalAccount, PortalSettings
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.cases.models import Case

# Letters and digits a person cannot mix up when it is read out or written down (no 0/O, 1/I/L, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
ACTIVATION_DAYS = 14
MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15
USERNAME_MIN, USERNAME_MAX = 4, 40
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 2, 60


def _audit(action: str, account: PortalAccount, actor: User | None = None, **detail: Any) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk if actor else None,
            agency_id=account.agency_id,
            object_type="portal_account",
            object_id=str(account.pk),
            detail=detail,
        )
    )


def new_activation_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def new_entry_code() -> str:
    return "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8))


# --- Settings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsInput:
    disguise_name: str = ""
    exit_url: str = ""
    hotlines: list[dict[str, str]] | None = None
    idle_minutes: int = 10
    message_retention_days: int = 365
    office_opens: Any = None
    office_closes: Any = None
    on_call: User | None = None
    disguise_icon: str = DisguiseIcon.LEAF


def _clean_hotlines(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for row in rows:
        item = {key: str(row.get(key, "")).strip()[:120] for key in ("label", "number", "text", "country", "note")}
        if not item["label"] and not item["number"] and not item["text"]:
            continue
        if not item["label"] or not (item["number"] or item["text"]):
            raise DomainError(
                _("Each help line needs a name and a number to call or text."),
                code="invalid_hotline",
                fields={"hotlines": [_("Each help line needs a name and a number to call or text.")]},
            )
        item["country"] = item["country"].upper()[:2]
        cleaned.append(item)
    return cleaned


@transaction.atomic
def do_save_portal_settings(
    *, actor: User, agency: Agency, data: SettingsInput, expected_version: int | None
) -> PortalSettings:
    current = PortalSettings.objects.select_for_update().filter(agency=agency).first()
    if current is not None:
        check_version(current.version, expected_version or 0)
    row = current or PortalSettings(agency=agency, entry_code=new_entry_code())
    if not MIN_IDLE_MINUTES <= data.idle_minutes <= MAX_IDLE_MINUTES:
        raise DomainError(
            _("Choose between %(low)s and %(high)s minutes.") % {"low": MIN_IDLE_MINUTES, "high": MAX_IDLE_MINUTES},
            code="invalid_idle",
            fields={"idle_minutes": [_("Choose between 2 and 60 minutes.")]},
        )
    if data.on_call is not None and not data.on_call.memberships.filter(agency=agency, is_active=True).exists():
        raise DomainError(_("Pick someone on your agency's staff."), code="invalid_on_call", fields={"on_call": []})
    if data.disguise_icon not in DisguiseIcon.values:
        raise DomainError(_("Choose one of the icons."), code="invalid_icon", fields={"disguise_icon": []})
    row.disguise_name = data.disguise_name.strip()[:40]
    row.disguise_icon = data.disguise_icon
    row.exit_url = data.exit_url.strip() or row.exit_url
    row.hotlines = _clean_hotlines(data.hotlines or [])
    row.idle_minutes = data.idle_minutes
    row.message_retention_days = data.message_retention_days
    if data.office_opens is not None:
        row.office_opens = data.office_opens
    if data.office_closes is not None:
        row.office_closes = data.office_closes
    row.on_call = data.on_call
    if current is not None:
        row.version += 1
    row.save()
    write_audit(
        AuditEntry(
            "portal.settings_saved",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="portal_settings",
            object_id=str(row.pk),
        )
    )
    return row


def ensure_portal_settings(agency: Agency) -> PortalSettings:
    """The agency's settings row, made with defaults the first time (an entry code is needed to share)."""
    row = selectors.settings_for_agency(agency.pk)
    if row is None:
        row = PortalSettings.objects.create(agency=agency, entry_code=new_entry_code())
    return row


# --- Accounts (staff) ---------------------------------------------------------------------------


def _issue_code(account: PortalAccount) -> str:
    code = new_activation_code()
    account.activation_index = selectors.activation_index(code)
    account.activation_expires_at = timezone.now() + timedelta(days=ACTIVATION_DAYS)
    return code


@transaction.atomic
def do_create_portal_access(*, actor: User, case: Case) -> tuple[PortalAccount, str]:
    """Set up portal access for the case's survivor; returns the account and the one-time activation code,
    which is shown once to the case manager and kept only as a blind index."""
    if selectors.open_account_for_survivor(case.survivor_id) is not None:
        raise DomainError(
            _("This person already has portal access. Give them a new activation code instead."),
            code="portal_access_exists",
        )
    if case.status == "closed":
        raise DomainError(_("Portal access needs an open case."), code="case_closed")
    ensure_portal_settings(case.agency)
    account = PortalAccount(agency_id=case.agency_id, survivor_id=case.survivor_id, case=case, created_by=actor)
    code = _issue_code(account)
    account.save()
    events.access_changed(account=account, actor=actor, change="created")
    return account, code


def _locked_account(account: PortalAccount) -> PortalAccount:
    return PortalAccount.objects.select_for_update().get(pk=account.pk)


@transaction.atomic
def do_issue_new_code(*, actor: User, account: PortalAccount) -> str:
    """A lost phone or a forgotten passphrase: a new code; the old sign-in stops working at once."""
    account = _locked_account(account)
    if account.status == AccessStatus.CLOSED:
        raise DomainError(_("This portal access is closed."), code="portal_access_closed")
    code = _issue_code(account)
    account.status = AccessStatus.PENDING
    account.username_index = ""
    account.passphrase = ""
    account.totp_secret = ""
    account.failed_attempts = 0
    account.locked_until = None
    account.session_generation += 1
    account.version += 1
    account.save()
    _audit("portal.code_issued", account, actor)
    return code


@transaction.atomic
def do_suspend_portal_access(*, actor: User, account: PortalAccount) -> PortalAccount:
    """Stop portal access at once (a phone was taken): every session ends, sign-in is refused."""
    account = _locked_account(account)
    if account.status in (AccessStatus.SUSPENDED, AccessStatus.CLOSED):
        raise DomainError(_("Portal access is already stopped."), code="portal_access_stopped")
    account.status = AccessStatus.SUSPENDED
    account.suspended_at = timezone.now()
    account.session_generation += 1
    account.version += 1
    account.save()
    events.access_changed(account=account, actor=actor, change="suspended")
    return account


@transaction.atomic
def do_resume_portal_access(*, actor: User, account: PortalAccount) -> PortalAccount:
    account = _locked_account(account)
    if account.status != AccessStatus.SUSPENDED:
        raise DomainError(_("Only suspended access can be resumed."), code="portal_access_not_suspended")
    account.status = AccessStatus.ACTIVE if account.passphrase else AccessStatus.PENDING
    account.suspended_at = None
    account.failed_attempts = 0
    account.locked_until = None
    account.version += 1
    account.save()
    events.access_changed(account=account, actor=actor, change="resumed")
    return account


@transaction.atomic
def do_close_portal_access(*, actor: User, account: PortalAccount) -> PortalAccount:
    account = _locked_account(account)
    if account.status == AccessStatus.CLOSED:
        raise DomainError(_("This portal access is already closed."), code="portal_access_closed")
    account.status = AccessStatus.CLOSED
    account.username_index = ""
    account.passphrase = ""
    account.totp_secret = ""
    account.activation_index = ""
    account.session_generation += 1
    account.version += 1
    account.save()
    events.access_changed(account=account, actor=actor, change="closed")
    return account


@transaction.atomic
def do_sign_out_everywhere(*, account: PortalAccount, actor: User | None = None) -> PortalAccount:
    account = _locked_account(account)
    account.session_generation += 1
    account.save(update_fields=["session_generation", "updated_at"])
    _audit("portal.signed_out_everywhere", account, actor)
    return account


# --- Activation and sign-in (the survivor) -----------------------------------------------------


def _field_error(field: str, message: str, code: str) -> DomainError:
    return DomainError(message, code=code, fields={field: [message]})


def clean_username(username: str) -> str:
    username = " ".join(username.split())
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX:
        raise _field_error(
            "username",
            _("Choose a sign-in name of %(low)s to %(high)s characters.") % {"low": USERNAME_MIN, "high": USERNAME_MAX},
            "invalid_username",
        )
    return username


def _check_passphrase(passphrase: str) -> None:
    try:
        validate_password(passphrase)
    except ValidationError as exc:
        raise DomainError(
            " ".join(exc.messages), code="weak_passphrase", fields={"passphrase": list(exc.messages)}
        ) from exc


@transaction.atomic
def do_activate(*, code: str, username: str, passphrase: str) -> PortalAccount:
    """The survivor turns the code from their case manager into a sign-in name and a passphrase."""
    account = selectors.account_by_activation_code(code)
    now = timezone.now()
    if account is None or account.activation_expires_at is None or account.activation_expires_at < now:
        raise _field_error(
            "code",
            _(
                "That code does not work. It may be mistyped, used already or too old. Your case manager can give you a new one."
            ),
            "invalid_code",
        )
    username = clean_username(username)
    _check_passphrase(passphrase)
    account = _locked_account(account)
    account.username_index = selectors.username_index(username)
    account.passphrase = make_password(passphrase)
    account.activation_index = ""
    account.activation_expires_at = None
    account.status = AccessStatus.ACTIVE
    account.activated_at = now
    account.failed_attempts = 0
    account.session_generation += 1
    account.version += 1
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:
        raise _field_error("username", _("That sign-in name is taken. Choose another."), "username_taken") from exc
    events.access_changed(account=account, actor=None, change="activated")
    return account


class SignInRefused(DomainError):
    code = "sign_in_refused"


def _refused() -> SignInRefused:
    # One message for every reason, so a person holding the phone learns nothing from it.
    return SignInRefused(_("Those details did not work. Check them and try again, or ask your case manager."))


def authenticate(*, username: str, passphrase: str, totp_code: str = "") -> PortalAccount:
    """Check a sign-in; five failures lock the account for 15 minutes (DOMAIN.md §13, "PIN lockout").

    The failure count is committed before the refusal is raised, so a refused attempt still counts."""
    account = _check_sign_in(username=username, passphrase=passphrase, totp_code=totp_code)
    if account is None:
        raise _refused()
    return account


@transaction.atomic
def _check_sign_in(*, username: str, passphrase: str, totp_code: str) -> PortalAccount | None:
    account = selectors.account_by_username(username)
    if account is None:
        make_password(passphrase)  # the same work as a real check, so timing tells nothing
        return None
    account = _locked_account(account)
    now = timezone.now()
    if account.locked_until is not None and account.locked_until > now:
        _audit("portal.sign_in_locked", account)
        return None
    ok = check_password(passphrase, account.passphrase) and account.status == AccessStatus.ACTIVE
    if ok and account.totp_secret:
        ok = _fresh_totp_code(account, totp_code.strip())
    if not ok:
        account.failed_attempts += 1
        if account.failed_attempts >= MAX_FAILED_SIGN_INS:
            account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            account.failed_attempts = 0
        account.save(update_fields=["failed_attempts", "locked_until", "updated_at"])
        _audit("portal.sign_in_failed", account)
        return None
    account.failed_attempts = 0
    account.locked_until = None
    account.last_signed_in_at = now
    account.save(update_fields=["failed_attempts", "locked_until", "last_signed_in_at", "updated_at"])
    _audit("portal.signed_in", account)
    return account


def _fresh_totp_code(account: PortalAccount, code: str) -> bool:
    """The code matches and has not signed in before: a code seen on the survivor's screen (or sent over a
    watched network) cannot be used again while it is still valid. The mark covers every counter the code is
    accepted for, in the shared cache (database-backed in production, so it holds across workers)."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import validate_totp_code

    if not validate_totp_code(account.totp_secret, code):
        return False
    window = mfa_settings.TOTP_PERIOD * (2 * mfa_settings.TOTP_TOLERANCE + 1)
    return bool(cache.add(f"portal-totp-used:{account.pk}:{code}", 1, timeout=window))


def needs_totp(username: str) -> bool:
    account = selectors.account_by_username(username)
    return bool(account and account.totp_secret)


@transaction.atomic
def do_set_totp(*, account: PortalAccount, secret: str, code: str) -> PortalAccount:
    from allauth.mfa.totp.internal.auth import validate_totp_code

    if not validate_totp_code(secret, code.strip()):
        raise _field_error(
            "code", _("That code did not match. Check the time on your phone and try again."), "bad_totp"
        )
    account = _locked_account(account)
    account.totp_secret = secret
    account.version += 1
    account.save()
    _audit("portal.totp_added", account)
    return account


@transaction.atomic
def do_remove_totp(*, account: PortalAccount, passphrase: str) -> PortalAccount:
    account = _locked_account(account)
    if not check_password(passphrase, account.passphrase):
        raise _field_error("passphrase", _("That passphrase is not right."), "bad_passphrase")
    account.totp_secret = ""
    account.version += 1
    account.save()
    _audit("portal.totp_removed", account)
    return account


@transaction.atomic
def do_change_passphrase(*, account: PortalAccount, current: str, new: str) -> PortalAccount:
    account = _locked_account(account)
    if not check_password(current, account.passphrase):
        raise _field_error("current", _("That passphrase is not right."), "bad_passphrase")
    _check_passphrase(new)
    account.passphrase = make_password(new)
    account.session_generation += 1
    account.version += 1
    account.save()
    _audit("portal.passphrase_changed", account)
    return account


@dataclass(frozen=True)
class Preferences:
    language: str = ""
    safe_contact: str = ""
    notify_email: str = ""


@transaction.atomic
def do_save_preferences(*, account: PortalAccount, data: Preferences) -> PortalAccount:
    languages = {code for code, _name in settings.LANGUAGES}
    if data.language and data.language not in languages:
        raise _field_error("language", _("Choose one of the languages offered."), "invalid_language")
    email = (data.notify_email or "").strip()
    if email and ("@" not in email or len(email) > 254 or " " in email):  # noqa: PLR2004
        raise _field_error("notify_email", _("Enter an e-mail address, or leave this empty."), "invalid_email")
    account = _locked_account(account)
    account.language = data.language
    account.safe_contact = (data.safe_contact or "").strip()[:500]
    account.notify_email = email
    account.version += 1
    account.save()
    _audit("portal.preferences_saved", account, fields=["language", "safe_contact", "notify_email"])
    return account
