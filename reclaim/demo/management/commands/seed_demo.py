from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from reclaim.demo.seed_appointments import seed_appointments
from reclaim.demo.seed_directory import seed_directory
from reclaim.demo.seed_groups import seed_groups
from reclaim.demo.seed_legal import seed_legal
from reclaim.demo.seed_outreach_campaigns import seed_outreach_campaigns
from reclaim.demo.seed_outreach_events import seed_outreach_events
from reclaim.demo.seed_outreach_stories import seed_outreach_stories
from reclaim.demo.seed_outreach_training import seed_outreach_training
from reclaim.demo.seed_outreach_volunteers import seed_outreach_volunteers
from reclaim.demo.seed_plans import seed_plans
from reclaim.demo.seed_portal import seed_portal
from reclaim.demo.seed_services import seed_services
from reclaim.demo.seeding import (
    SeedReport,
    seed_assessments,
    seed_case_files,
    seed_cases,
    seed_network,
    seed_survivors,
)


class Command(BaseCommand):
    help = "Create the demo agency network and synthetic survivors (deterministic, idempotent, bulk writes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--survivors", type=int, default=60, help="synthetic survivors across the agencies (default 60)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["survivors"] < 0:
            self.stderr.write("--survivors must be zero or more")
            raise SystemExit(2)
        report = SeedReport()
        agencies = seed_network(report)
        with tqdm(
            total=options["survivors"], unit="survivors", disable=options["no_progress"], file=self.stderr
        ) as bar:
            report.survivors_created = seed_survivors(
                agencies, total=options["survivors"], seed=options["seed"], progress=bar.update
            )
        report.cases_created = seed_cases(agencies, seed=options["seed"])
        seed_case_files(agencies, seed=options["seed"])
        seed_assessments(agencies, seed=options["seed"])
        seed_plans(agencies, seed=options["seed"])
        seed_services(agencies, seed=options["seed"])  # after plans (links goals), before groups (attendance)
        seed_appointments(agencies, seed=options["seed"])
        seed_groups(agencies, seed=options["seed"])
        seed_directory(agencies)
        seed_legal(agencies, seed=options["seed"])  # after the directory (police units named in consents)
        seed_portal(agencies)  # after cases: one demo survivor's portal access at Harbor House
        seed_outreach_campaigns(agencies, seed=options["seed"])  # after grants, the directory and cases
        seed_outreach_events(agencies, seed=options["seed"])  # after campaigns when they are seeded
        seed_outreach_volunteers(agencies)  # after staff: the demo "Val Volunteer" sign-in gets a volunteer record
        seed_outreach_stories(agencies)  # after cases: one approved story on a media consent at Harbor House
        seed_outreach_training(agencies)  # staff training: courses, sessions, certificates (block setting off)
        self.stdout.write(
            f"demo data: {report.agencies_created} agencies, {report.staff_created} staff, {report.survivors_created} survivors and "
            f"{report.cases_created} cases created "
            "(existing ones kept)"
        )
