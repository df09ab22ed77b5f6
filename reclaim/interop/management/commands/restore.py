"""`manage.py restore FILE [--key-file KEYFILE] [--database ALIAS] [--no-progress]`

Restores a `manage.py backup` archive into an empty, migrated instance: checks the whole archive first and writes
nothing unless every check passes, then writes everything in one transaction (reclaim/interop/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from tqdm import tqdm

from reclaim.interop.backup import BackupError, restore_archive
from reclaim.interop.backup_archive import ArchiveError, load_key_file


class Command(BaseCommand):
    help = "Check a backup archive, then restore it into an empty, migrated instance."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive written by manage.py backup")
        parser.add_argument("--key-file", help="the key file the archive was written with (backup --key-file)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias to restore into")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError("The archive does not exist or is not a file.")
        hide = options["no_progress"]
        size = path.stat().st_size
        checking = tqdm(total=size, unit="B", unit_scale=True, desc="checking", disable=hide, file=self.stderr)
        # The second bar is made when writing starts: a bar made disabled cannot be switched on later (tqdm does not
        # set it up), which broke every restore shown with progress.
        bars: list[tqdm[Any]] = []

        def checked(done: int) -> None:
            checking.update(done - checking.n)

        def wrote(done: int) -> None:
            if not bars:
                checking.close()
                bars.append(
                    tqdm(total=size, unit="B", unit_scale=True, desc="restoring", disable=hide, file=self.stderr)
                )
            bars[0].update(done - bars[0].n)

        try:
            key_file = load_key_file(Path(options["key_file"])) if options["key_file"] else None
            report = restore_archive(
                path, key_file=key_file, using=options["database"], check_progress=checked, write_progress=wrote
            )
        except ArchiveError as exc:
            raise CommandError(f"The archive was refused, nothing was written: {exc}.") from None
        except BackupError as exc:
            raise CommandError(f"Nothing was restored: {exc}.") from None
        finally:
            checking.close()
            for bar in bars:
                bar.close()
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"restored backup {report.archive_id}: {report.tables} tables, {report.rows} rows, "
                f"{report.files} files, {report.audit_rows} audit rows (chain verified); "
                f"replaced {report.replaced_reference_rows} reference rows made by migrate"
            )
        )
