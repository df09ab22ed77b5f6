"""`manage.py load_legal_set FILE [--agency SLUG] [--dry-run]`: load a jurisdiction's matter types, steps
and rights pages (JSON, format in docs/legal.md). Without --agency the set is installed for every agency
(as the shipped US federal set is). All or nothing; loading the same file again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from reclaim.legal import loader
from reclaim.referrals.directory_selectors import agency_by_slug


class Command(BaseCommand):
    help = "Load a jurisdiction's legal matter types, steps and rights pages from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to the JSON file (see docs/legal.md)")
        parser.add_argument("--agency", help="short name (slug) of the agency the set is for; default: everyone")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        agency_id = None
        if options["agency"]:
            agency = agency_by_slug(options["agency"])
            if agency is None:
                raise CommandError(f"no active agency with the short name {options['agency']!r}")
            agency_id = agency.pk
        try:
            data = loader.read_set(options["file"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        types, articles = len(data.get("matter_types", [])), len(data.get("rights_articles", []))
        if options["dry_run"]:
            self.stdout.write(
                f"{data['set']} {data['version']}: {types} matter types, {articles} rights pages (dry run)"
            )
            return
        from django.apps import apps

        with transaction.atomic():
            loader.install_set(apps, data, agency_id=agency_id)
        self.stdout.write(f"{data['set']} {data['version']}: {types} matter types, {articles} rights pages loaded")
