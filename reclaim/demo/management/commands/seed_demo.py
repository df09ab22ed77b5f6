from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from reclaim.core.dbstate import not_migrated_message
from reclaim.demo import data
from reclaim.demo.seeding import SeedReport, seed_network
from reclaim.demo.volume import PARALLEL_FROM, DanglingReferences, seed_volume, task_count


class Command(BaseCommand):
    help = "Create the demo agency network and synthetic survivors (deterministic, idempotent, bulk writes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--survivors", type=int, default=60, help="synthetic survivors across the agencies (default 60)"
        )
        parser.add_argument(
            "--agencies",
            type=int,
            default=None,
            help=(
                f"agencies the survivors are spread over, {len(data.AGENCIES)} to {data.AGENCIES_MAX} (default: one per "
                f"{data.SURVIVORS_PER_AGENCY:,} survivors, at least {len(data.AGENCIES)}: 20 for 100,000)"
            ),
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help=f"processes for the survivors and their records (default: 2 from {PARALLEL_FROM} survivors, else 1)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["survivors"] < 0:
            self.stderr.write("--survivors must be zero or more")
            raise SystemExit(2)
        count = options["agencies"]
        if count is None:
            count = data.agency_count(options["survivors"])
        if not len(data.AGENCIES) <= count <= data.AGENCIES_MAX:
            self.stderr.write(f"--agencies must be from {len(data.AGENCIES)} to {data.AGENCIES_MAX}")
            raise SystemExit(2)
        jobs = options["jobs"]
        if jobs is None:
            big = options["survivors"] >= PARALLEL_FROM  # see volume.py
            jobs = min(2, os.cpu_count() or 1) if big else 1
        if jobs < 1:
            self.stderr.write("--jobs must be one or more")
            raise SystemExit(2)
        if message := not_migrated_message():
            self.stderr.write(message)
            raise SystemExit(2)
        seed = options["seed"]
        report = SeedReport()
        timings: dict[str, float] = {}
        started = time.perf_counter()
        agencies = seed_network(report, count=count)
        timings["network"] = time.perf_counter() - started
        started = time.perf_counter()
        with tqdm(total=task_count(agencies), unit="tasks", disable=options["no_progress"], file=self.stderr) as bar:

            def step(done: str) -> None:
                bar.set_description(done)
                bar.update()

            try:
                volume = seed_volume(agencies, total=options["survivors"], seed=seed, jobs=jobs, progress=step)
            except DanglingReferences as error:
                self.stderr.write(f"The demo's rows point at missing rows (a bug in a seeding stage): {error}")
                raise SystemExit(1) from error
        timings["volume"] = time.perf_counter() - started  # with the showcase (volume.py)
        report.survivors_created, report.cases_created = volume.survivors_created, volume.cases_created
        self.stdout.write(
            f"demo data: {report.agencies_created} agencies, {report.staff_created} staff, {report.survivors_created} survivors and "
            f"{report.cases_created} cases created "
            "(existing ones kept)"
        )
        if options["verbosity"] >= 2:
            if volume.references_checked_seconds is not None:  # part of the volume's time
                timings["references_checked"] = volume.references_checked_seconds
            self.stdout.write(" ".join(f"{name.replace(' ', '_')}_s={t:.2f}" for name, t in timings.items()))
            work = {**volume.phase_seconds, **volume.stage_seconds}
            self.stdout.write(" ".join(f"{name.replace(' ', '_')}_s={t:.2f}" for name, t in work.items()))
