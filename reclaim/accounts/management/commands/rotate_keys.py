from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from reclaim.accounts import keyrotation


class Command(BaseCommand):
    help = (
        "Re-wrap agency data keys under the newest master key (first in RECLAIM_MASTER_KEYS) and re-encrypt "
        "every encrypted value not under its agency's active data key. Batched; run again to resume."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-data-keys", action="store_true", help="issue a fresh data key for every agency first"
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        total = keyrotation.count_rows()
        with tqdm(total=total, unit="rows", disable=options["no_progress"], file=self.stderr) as bar:
            report = keyrotation.rotate(
                new_data_keys=options["new_data_keys"], progress=bar.update, batch_size=options["batch_size"]
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"re-wrapped {report.rewrapped} data keys, issued {report.new_keys} new data keys, re-encrypted {report.reencrypted} rows"
            )
        )
