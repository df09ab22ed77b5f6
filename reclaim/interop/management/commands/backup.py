"""`manage.py backup --out FILE [--key-file KEYFILE] [--allow-broken-audit-chain] [--no-progress]`

Writes one encrypted, authenticated archive of every record, document file and audit row (reclaim/interop/backup.py)
while the application keeps running. Prints counts only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from reclaim.interop.backup import BackupError, write_backup
from reclaim.interop.backup_archive import ArchiveError, load_key_file


class Command(BaseCommand):
    help = "Write an encrypted backup archive of the database, the document files and the audit chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="the archive to write (must not exist)")
        parser.add_argument(
            "--key-file",
            help="seal the archive under this key (32 bytes, URL-safe base64) instead of the newest master key",
        )
        parser.add_argument(
            "--allow-broken-audit-chain",
            action="store_true",
            help="back up even when audit_verify fails (the manifest records where the chain breaks)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key_file = load_key_file(Path(options["key_file"])) if options["key_file"] else None
        except ArchiveError as exc:
            raise CommandError(str(exc)) from None
        with tqdm(total=0, unit="rows", disable=options["no_progress"], file=self.stderr) as bar:

            def set_total(total: int) -> None:
                bar.total = total
                bar.refresh()

            def tick(count: int, what: str) -> None:
                bar.set_description(what, refresh=False)
                bar.update(count)

            try:
                report = write_backup(
                    Path(options["out"]),
                    key_file=key_file,
                    allow_broken_audit=options["allow_broken_audit_chain"],
                    progress=tick,
                    set_total=set_total,
                )
            except (BackupError, ArchiveError) as exc:
                raise CommandError(str(exc)) from None
        if not report.audit_intact:
            self.stderr.write(self.style.WARNING("the audit chain is broken: the manifest records where"))
        if report.missing_files:
            self.stderr.write(
                self.style.WARNING(f"{report.missing_files} files named by rows were deleted during the backup")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"backup {report.archive_id}: {report.tables} tables, {report.rows} rows, {report.files} files, "
                f"{report.audit_rows} audit rows, {report.archive_bytes} bytes"
            )
        )
