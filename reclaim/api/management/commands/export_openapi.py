"""Write the committed OpenAPI document (docs/api/openapi.json), or `--check` that it is up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reclaim.api.openapi import COMMITTED_SCHEMA, REGENERATE_COMMAND, current_schema_text


class Command(BaseCommand):
    help = "Write docs/api/openapi.json from the code (sorted keys, 2-space indent); --check only compares."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Exit 1 when the committed copy differs.")
        parser.add_argument("--output", default=str(COMMITTED_SCHEMA), help="Where to write (default: %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        text = current_schema_text()
        if options["check"]:
            committed = path.read_text(encoding="utf-8") if path.exists() else ""
            if committed != text:
                raise CommandError(
                    f"{path} is out of date with the API's code. Run `{REGENERATE_COMMAND}` and commit the result."
                )
            self.stdout.write(f"{path} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
