from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reclaim.core.audit import verify_chain


class Command(BaseCommand):
    help = "Walk the audit hash chain; exit non-zero and name the first broken row."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.first_broken_id is not None:
            raise CommandError(
                f"audit chain broken at row {report.first_broken_id}: {report.reason} ({report.checked} rows verified before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} rows verified"))
