"""`manage.py purge_expired [--agency SLUG] [--dry-run]`: the retention purge by hand (docs/retention.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reclaim.accounts.models import Agency
from reclaim.retention.actions import purge_expired
from reclaim.retention.selectors import preview_for


class Command(BaseCommand):
    help = "Remove closed cases, documents and people past each agency's retention policy (counts only are printed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", metavar="SLUG", help="only this agency")
        parser.add_argument("--dry-run", action="store_true", help="print what would be removed; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = list(Agency.objects.order_by("slug"))
        if options["agency"]:
            agencies = [a for a in agencies if a.slug == options["agency"]]
            if not agencies:
                raise CommandError("no agency with that short name")
        if options["dry_run"]:
            for agency in agencies:
                p = preview_for(agency.pk)
                self.stdout.write(
                    f"{agency.slug}: would remove cases={p.cases} survivors={p.survivors} documents={p.documents}; "
                    f"held={p.held}"
                )
            return
        result = purge_expired(agencies=agencies)
        self.stdout.write(
            f"removed cases={result.cases} survivors={result.survivors} documents={result.documents} "
            f"files={result.files} rows={sum(result.rows.values())}"
        )
