from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from reclaim.assessments.schedule_actions import refresh_all
from reclaim.demo.seed_directory import seed_directory
from reclaim.demo.seed_groups import seed_groups
from reclaim.demo.seed_legal import seed_legal
from reclaim.demo.seed_outreach_campaigns import seed_outreach_campaigns
from reclaim.demo.seed_outreach_events import seed_outreach_events
from reclaim.demo.seed_outreach_stories import seed_outreach_stories
from reclaim.demo.seed_outreach_training import seed_outreach_training
from reclaim.demo.seed_outreach_volunteers import seed_outreach_volunteers
from reclaim.demo.seed_portal import seed_portal
from reclaim.demo.seeding import SeedReport, seed_network
from reclaim.demo.volume import PARALLEL_FROM, seed_volume, task_count

if TYPE_CHECKING:
    from collections.abc import Callable


class Command(BaseCommand):
    help = "Create the demo agency network and synthetic survivors (deterministic, idempotent, bulk writes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--survivors", type=int, default=60, help="synthetic survivors across the agencies (default 60)"
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
        jobs = options["jobs"]
        if jobs is None:
            big = options["survivors"] >= PARALLEL_FROM  # see volume.py
            jobs = min(2, os.cpu_count() or 1) if big else 1
        if jobs < 1:
            self.stderr.write("--jobs must be one or more")
            raise SystemExit(2)
        seed = options["seed"]
        report = SeedReport()
        timings: dict[str, float] = {}
        started = time.perf_counter()
        agencies = seed_network(report)
        timings["network"] = time.perf_counter() - started
        started = time.perf_counter()
        with tqdm(total=task_count(agencies), unit="tasks", disable=options["no_progress"], file=self.stderr) as bar:

            def step(done: str) -> None:
                bar.set_description(done)
                bar.update()

            volume = seed_volume(agencies, total=options["survivors"], seed=seed, jobs=jobs, progress=step)
        timings["volume"] = time.perf_counter() - started
        report.survivors_created, report.cases_created = volume.survivors_created, volume.cases_created
        stages: list[tuple[str, Callable[[], object]]] = [
            ("groups", lambda: seed_groups(agencies, seed=seed)),  # after services (attendance)
            ("directory", lambda: seed_directory(agencies)),
            ("legal", lambda: seed_legal(agencies, seed=seed)),  # after the directory (police units in consents)
            ("portal", lambda: seed_portal(agencies)),  # after cases: one demo survivor's portal access
            ("campaigns", lambda: seed_outreach_campaigns(agencies, seed=seed)),  # after grants, directory, cases
            ("events", lambda: seed_outreach_events(agencies, seed=seed)),  # after campaigns
            ("volunteers", lambda: seed_outreach_volunteers(agencies)),  # after staff: "Val Volunteer" gets a record
            ("stories", lambda: seed_outreach_stories(agencies)),  # after cases: one story on a media consent
            ("training", lambda: seed_outreach_training(agencies)),  # courses, sessions, certificates
            # last: the stored next due dates of every case, from the stages, assessments and ratings above
            ("reassessments", refresh_all),
        ]
        with tqdm(total=len(stages), unit="stages", disable=options["no_progress"], file=self.stderr) as bar:
            for name, stage in stages:
                bar.set_description(name)
                started = time.perf_counter()
                stage()
                timings[name] = time.perf_counter() - started
                bar.update()
        self.stdout.write(
            f"demo data: {report.agencies_created} agencies, {report.staff_created} staff, {report.survivors_created} survivors and "
            f"{report.cases_created} cases created "
            "(existing ones kept)"
        )
        if options["verbosity"] >= 2:
            self.stdout.write(" ".join(f"{name.replace(' ', '_')}_s={t:.2f}" for name, t in timings.items()))
            work = {**volume.phase_seconds, **volume.stage_seconds}
            self.stdout.write(" ".join(f"{name.replace(' ', '_')}_s={t:.2f}" for name, t in work.items()))
