from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from reclaim.accounts.actions import do_create_agency, do_invite_staff
from reclaim.accounts.models import OrganisationType
from reclaim.accounts.roles import Role


class Command(BaseCommand):
    help = "Create an agency (tenant) and invite its first agency admin; prints the one-time invitation link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="short name: letters, digits and hyphens")
        parser.add_argument(
            "--type", default=OrganisationType.NGO, choices=OrganisationType.values, help="HTCDS organisation type"
        )
        parser.add_argument("--country", default="", help="ISO 3166 two-letter code")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                agency = do_create_agency(
                    actor=None,
                    name=options["name"],
                    slug=options["slug"],
                    org_type=options["type"],
                    country=options["country"],
                )
                _invitation, secret = do_invite_staff(
                    actor=None,
                    agency=agency,
                    email=options["admin_email"],
                    display_name=options["admin_name"],
                    role=Role.AGENCY_ADMIN,
                    team=None,
                )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            ) from None
        self.stdout.write(f"created agency {agency.slug}; the admin's invitation (also emailed):")
        self.stdout.write(f"{settings.RECLAIM_PUBLIC_URL.rstrip('/')}/invitations/{secret}/")
