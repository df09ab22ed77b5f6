"""Text messages behind an interface, so a gateway can be plugged in by settings (RECLAIM_SMS_BACKEND,
a dotted path; the default prints to the console).

Only staff reminders may use it. Text messages to survivors need a recorded survivor-contact consent and
a safe number and time (issue 6): nothing here sends to a survivor.
"""

from __future__ import annotations

import sys
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str) -> None:
        """Send one message; raise on failure (the caller records the reminder as failed)."""


class ConsoleSmsBackend:
    """Development backend: writes the message to standard output with the number masked."""

    def send(self, *, to: str, body: str) -> None:
        masked = f"***{to[-2:]}" if len(to) > 2 else "***"  # noqa: PLR2004 — the last two digits only
        sys.stdout.write(f"SMS to {masked}: {body}\n")


def get_sms_backend() -> SmsBackend:
    path = getattr(settings, "RECLAIM_SMS_BACKEND", "reclaim.scheduling.sms.ConsoleSmsBackend")
    backend: SmsBackend = import_string(path)()
    return backend
