from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reclaim.accounts.actions import do_create_api_token
from reclaim.accounts.models import User
from reclaim.accounts.selectors import active_membership


class Command(BaseCommand):
    help = "Create a personal API token for a user (by email) and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the user's email address")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, default=90, help="days until it expires (default 90)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["user"], is_active=True).first()
        if user is None:
            raise CommandError("no active user with that email")
        membership = active_membership(user)
        if membership is None and not user.is_platform_operator:
            raise CommandError("the user has no active membership")
        _token, raw = do_create_api_token(
            actor=user, membership=membership, name=options["name"], expires_in_days=options["days"]
        )
        self.stdout.write(raw)
