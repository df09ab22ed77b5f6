"""Django's makemessages, also collecting `pgettext_noop(context, message)` (reclaim/core/refdata.py).

Django has no such function and its xgettext call knows no such keyword; shipped reference data (the service
taxonomy, outcome domains, legal matter types) is marked with it so each label carries its context."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # A plain list, as on Django's class (mypy refuses a ClassVar over its instance attribute).
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=pgettext_noop:1c,2"]  # noqa: RUF012
