"""`manage.py import_hsds FILE --agency SLUG [--dry-run]`: import an Open Referral HSDS 3.0 JSON file into
the partner directory on behalf of an agency (new entries are kept up to date by it). All or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reclaim.referrals import directory_hsds as hsds
from reclaim.referrals.directory_selectors import agency_by_slug


class Command(BaseCommand):
    help = "Import an HSDS 3.0 JSON file into the partner directory (idempotent by HSDS id; all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to the HSDS 3.0 JSON file")
        parser.add_argument("--agency", required=True, help="short name (slug) of the agency that keeps the entries")
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_by_slug(options["agency"])
        if agency is None:
            raise CommandError(f"no active agency with the short name {options['agency']!r}")
        try:
            document = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{options['file']} is not a JSON file: {exc}") from None
        try:
            report = hsds.do_import_hsds(actor=None, agency=agency, document=document, dry_run=options["dry_run"])
        except hsds.HsdsImportError as exc:
            for path, messages in exc.fields.items():
                for message in messages:
                    self.stderr.write(f"{path}: {message}")
            raise CommandError(f"{exc.message} ({sum(len(m) for m in exc.fields.values())} problems)") from None
        verb = "would be" if report.dry_run else "were"
        for kind in hsds.KINDS:
            self.stdout.write(
                f"{kind}: {report.created[kind]} new, {report.updated[kind]} changed, "
                f"{report.unchanged[kind]} unchanged ({verb} imported)"
            )
