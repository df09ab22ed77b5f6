from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reclaim.core.scheduler import run_due_jobs


class Command(BaseCommand):
    help = "Enqueue periodic jobs (reminders, expiries, checks) for the task worker; runs until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=30, help="seconds between checks (default 30)")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for name in run_due_jobs():
                self.stdout.write(f"enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
