"""`manage.py import_records FILE --agency SLUG --mapping NAME [--dry-run] [--actor EMAIL]`

Imports a CSV or XLSX file with one of the agency's saved mappings, with a progress bar. Prints one summary
line (counts only, never a cell value) and the row errors; exits 1 when any row or the file had an error.
Re-running the same file changes nothing; after a crash, re-running finishes the job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from reclaim.accounts.models import Agency, Membership
from reclaim.interop.imports_actions import execute, new_run
from reclaim.interop.imports_models import ImportMapping
from reclaim.interop.imports_reader import detect_format


class Command(BaseCommand):
    help = "Import legacy records (survivors, cases, services, appointments) from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--agency", required=True, help="the agency's slug")
        parser.add_argument("--mapping", required=True, help="the name of a saved import mapping of that agency")
        parser.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
        parser.add_argument(
            "--actor", default="", help="email of the staff member recorded as doing it (default: who made the mapping)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(slug=options["agency"]).first()
        if agency is None:
            raise CommandError("No agency has this slug.")
        mapping = ImportMapping.objects.filter(agency=agency, name=options["mapping"]).first()
        if mapping is None:
            raise CommandError("The agency has no mapping with this name.")
        actor = mapping.created_by
        if options["actor"]:
            membership = (
                Membership.objects.filter(agency=agency, is_active=True, user__email__iexact=options["actor"])
                .select_related("user")
                .first()
            )
            if membership is None:
                raise CommandError("No active member of the agency has this email.")
            actor = membership.user
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read the file: {exc.strerror}.") from None
        run = new_run(
            actor=actor, mapping=mapping, file_format=detect_format(data), size=len(data), dry_run=options["dry_run"]
        )
        bar = tqdm(total=0, unit="rows", disable=options["no_progress"], file=self.stderr._out)

        def tick(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        outcome = execute(run, mapping, data, actor=actor, progress=tick)
        bar.close()
        if outcome.message:
            self.stderr.write(outcome.message)
        for error in run.row_errors:
            self.stderr.write(f"row {error['row']}: {error['column']} {error['reason']}")
        verb = "would create" if options["dry_run"] else "created"
        self.stdout.write(
            f"run {run.pk}: {verb} {outcome.created}, linked {outcome.linked}, "
            f"already imported {outcome.unchanged}, rows with errors {outcome.error_rows}"
        )
        if outcome.message or outcome.errors:
            raise CommandError("The import had errors.", returncode=1)
