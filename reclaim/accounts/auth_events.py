"""Audit rows for sign-in, sign-out and failed sign-in (Django's and allauth's signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from reclaim.core.audit import AuditEntry, write_audit


def _agency_id(user: Any) -> Any:
    from reclaim.accounts.selectors import active_membership

    membership = active_membership(user)
    return membership.agency_id if membership else None


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    write_audit(
        AuditEntry(
            "auth.login", actor_id=user.pk, agency_id=_agency_id(user), object_type="user", object_id=str(user.pk)
        )
    )


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        write_audit(
            AuditEntry(
                "auth.logout", actor_id=user.pk, agency_id=_agency_id(user), object_type="user", object_id=str(user.pk)
            )
        )


def _login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    # The typed identifier is not recorded: it may be a mistyped password or someone else's address.
    write_audit(AuditEntry("auth.login_failed"))


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="reclaim_audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="reclaim_audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="reclaim_audit_login_failed")
