"""The demo's volume: survivors, cases and everything recorded on them, spread over processes when it is big.

Each agency's rows depend only on that agency's earlier rows, and after the cases are open the case files and
screens do not depend on the plans, services and appointments (or the other way round). So the work is
independent tasks:

1. per agency: its survivors, then their cases ("people");
2. per agency, once its people are written, two tasks: case files, assessments, then the stored next
   reassessment dates ("files"); plans, then services (they link goals), then appointments ("care");
3. once, when the showcase agencies' files and care are written: what only they show (showcase.py: groups,
   the directory, legal matters, the portal, outreach).

With `jobs` > 1 the tasks run in that many forked processes, each with its own database connection. A process
that is free takes, first, the showcase task once it is ready, then an agency's files or care, then the next
agency's people: the showcase agencies come first, so their extras run beside the other agencies' volume rather
than after it. On SQLite the showcase task waits until the volume is written: its actions commit one small
transaction after another, and each would queue behind the other process's batch of a thousand cases.
Writers queue on the database (SQLite transactions start IMMEDIATE; the audit chain takes its lock), and every
random choice is seeded by the agency and the stage, so the data is the same whichever way it is run. Work
inside a transaction the caller holds (tests) or on an in-memory database cannot be seen from another process:
it always runs in this one.

`seed_demo` uses two processes by default from `PARALLEL_FROM` survivors, on SQLite too. A first 100,000-survivor
run with two SQLite processes failed: case files were written in one transaction per agency, so the other
process waited past its lock timeout and the write-ahead log grew to 7 GB. They now commit every 1,000 cases
and wait up to ten minutes for the lock (BENCHMARKS.md).
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection, connections

from reclaim.accounts.models import Agency
from reclaim.assessments.schedule_actions import refresh_agency
from reclaim.core.bulkload import autovacuum_held, dangling_references, references_unchecked
from reclaim.demo import data, showcase
from reclaim.demo.seed_appointments import seed_appointments
from reclaim.demo.seed_plans import seed_plans
from reclaim.demo.seed_services import seed_services
from reclaim.demo.seeding import (
    ensure_assessment_reference_data,
    seed_assessments,
    seed_case_files,
    seed_cases,
    seed_survivors,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# Below this many survivors the processes cost more than they save (seed_demo's default; --jobs overrides it).
PARALLEL_FROM = 2000

Stage = tuple[str, "Callable[[dict[str, Agency], int, int], int]"]
_GROUPS: dict[str, list[Stage]] = {
    "people": [
        ("survivors", lambda agencies, count, seed: seed_survivors(agencies, total=count, seed=seed)),
        ("cases", lambda agencies, _count, seed: seed_cases(agencies, seed=seed)),
    ],
    "files": [
        ("case files", lambda agencies, _count, seed: seed_case_files(agencies, seed=seed)),
        ("assessments", lambda agencies, _count, seed: seed_assessments(agencies, seed=seed)),
        # from the stages, assessments and ratings above; the actions that change them later keep them
        ("due dates", lambda agencies, _count, _seed: sum(refresh_agency(a.pk) for a in agencies.values())),
    ],
    "care": [
        ("plans", lambda agencies, _count, seed: seed_plans(agencies, seed=seed)),
        ("services", lambda agencies, _count, seed: seed_services(agencies, seed=seed)),
        ("appointments", lambda agencies, _count, seed: seed_appointments(agencies, seed=seed)),
    ],
}


@dataclass
class VolumeReport:
    survivors_created: int = 0
    cases_created: int = 0
    # Seconds per stage and per phase ("people", "care and files", "showcase"), summed over the agencies: work
    # done, not time waited (the command reports the wall time).
    stage_seconds: dict[str, float] = field(default_factory=dict)
    phase_seconds: dict[str, float] = field(default_factory=dict)
    # The references of rows written without per-row checks, checked after the load (None: not needed).
    references_checked_seconds: float | None = None


@dataclass
class _Outcome:
    seconds: dict[str, float]
    counts: dict[str, int]
    references_unchecked: bool = False  # written without the database's per-row foreign-key checks


class DanglingReferences(Exception):
    """Rows of the volume point at no row: a bug in a seeding stage, found by the check after the load."""


def survivor_counts(slugs: list[str], total: int) -> dict[str, int]:
    """`total` spread over the agencies as evenly as it goes, the first ones taking the remainder."""
    return {slug: total // len(slugs) + (1 if i < total % len(slugs) else 0) for i, slug in enumerate(slugs)}


def can_fork() -> bool:
    """Whether other processes see what this one has written: not inside a transaction, not in memory."""
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    return not connection.in_atomic_block and not in_memory


def seed_volume(
    agencies: dict[str, Agency],
    *,
    total: int,
    seed: int,
    jobs: int,
    progress: Callable[[str], None] | None = None,
) -> VolumeReport:
    report = VolumeReport()
    counts = survivor_counts(list(agencies), total)
    if not can_fork():
        jobs = 1
    ensure_assessment_reference_data()  # shared by every agency: made once, before the tasks race for it
    showcase_slugs = [slug for slug in agencies if data.is_showcase(slug)]
    overlap = connection.vendor != "sqlite"
    unchecked = False
    with autovacuum_held():  # PostgreSQL: the tables analysed once at the end, not vacuumed as they grow
        tasks = _run(counts, seed=seed, jobs=jobs, showcase_slugs=showcase_slugs, overlap=overlap)
        for slug, group, outcome in tasks:
            unchecked = unchecked or outcome.references_unchecked
            for name, seconds in outcome.seconds.items():
                report.stage_seconds[name] = report.stage_seconds.get(name, 0.0) + seconds
            phase = group if group in ("people", "showcase") else "care and files"
            report.phase_seconds[phase] = report.phase_seconds.get(phase, 0.0) + sum(outcome.seconds.values())
            report.survivors_created += outcome.counts.get("survivors", 0)
            report.cases_created += outcome.counts.get("cases", 0)
            if progress is not None:
                progress(f"{slug} {group}")
        if unchecked:
            started = time.perf_counter()
            if problems := dangling_references():
                raise DanglingReferences("; ".join(problems))
            report.references_checked_seconds = time.perf_counter() - started
    return report


def task_count(agencies: dict[str, Agency]) -> int:
    """How many times `seed_volume` reports progress: one "people" and two "care and files" tasks per agency,
    and the showcase."""
    return len(agencies) * 3 + 1


_AFTER_PEOPLE = ("files", "care")
SHOWCASE = "showcase"


def _run(
    counts: dict[str, int], *, seed: int, jobs: int, showcase_slugs: list[str], overlap: bool
) -> Iterator[tuple[str, str, _Outcome]]:
    """Every agency's people, then its files and care, and the showcase once its agencies' volume is written
    (with `overlap`, as soon as it is; otherwise after all the volume)."""
    if jobs == 1:
        for slug, count in counts.items():
            yield slug, "people", _task(slug, "people", count, seed)
        for slug in counts:
            for group in _AFTER_PEOPLE:
                yield slug, group, _task(slug, group, 0, seed)
        yield SHOWCASE, SHOWCASE, _showcase_task(showcase_slugs, seed)
        return
    order = _Order(counts, showcase_slugs=showcase_slugs, overlap=overlap)
    pending: dict[Future[_Outcome], tuple[str, str]] = {}
    connections.close_all()  # each process opens its own
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        while True:
            while len(pending) < jobs and (task := order.take()) is not None:
                slug, group = task
                if group == SHOWCASE:
                    pending[pool.submit(_showcase_task, showcase_slugs, seed)] = task
                else:
                    pending[pool.submit(_task, slug, group, counts[slug] if group == "people" else 0, seed)] = task
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                slug, group = pending.pop(future)
                order.finished(slug, group)
                yield slug, group, future.result()


class _Order:
    """Which task a free process takes next: the showcase once its agencies' volume is written (with `overlap`;
    otherwise once all the volume is), then an agency's files or care, then the next agency's people."""

    def __init__(self, counts: dict[str, int], *, showcase_slugs: list[str], overlap: bool) -> None:
        self.people = deque(counts)
        self.after: deque[tuple[str, str]] = deque()
        self.waiting_for = {(slug, group) for slug in showcase_slugs for group in ("people", *_AFTER_PEOPLE)}
        self.running: set[tuple[str, str]] = set()
        self.overlap = overlap
        self.showcase_taken = False

    def take(self) -> tuple[str, str] | None:
        volume_left = bool(self.people or self.after or self.running)
        if not self.showcase_taken and not self.waiting_for and (self.overlap or not volume_left):
            self.showcase_taken = True
            return SHOWCASE, SHOWCASE
        if self.after:
            task = self.after.popleft()
        elif self.people:
            task = (self.people.popleft(), "people")
        else:
            return None
        self.running.add(task)
        return task

    def finished(self, slug: str, group: str) -> None:
        self.running.discard((slug, group))
        self.waiting_for.discard((slug, group))
        if group == "people":
            self.after.extend((slug, g) for g in _AFTER_PEOPLE)


def _task(slug: str, group: str, count: int, seed: int) -> _Outcome:
    agencies = {slug: Agency.objects.get(slug=slug)}
    seconds: dict[str, float] = {}
    counts: dict[str, int] = {}
    # The stages insert the rows they make, nothing else: their references are checked once after the load.
    with _sqlite_settings(), references_unchecked() as unchecked:
        for name, stage in _GROUPS[group]:
            started = time.perf_counter()
            counts[name] = stage(agencies, count, seed)
            seconds[name] = time.perf_counter() - started
    return _Outcome(seconds=seconds, counts=counts, references_unchecked=unchecked)


def _showcase_task(slugs: list[str], seed: int) -> _Outcome:
    found = Agency.objects.in_bulk(slugs, field_name="slug")
    agencies = {slug: found[slug] for slug in slugs}
    seconds: dict[str, float] = {}
    with _sqlite_settings():
        for name, stage in showcase.STAGES:
            started = time.perf_counter()
            stage(agencies, seed)
            seconds[name] = time.perf_counter() - started
    return _Outcome(seconds=seconds, counts={})


@contextmanager
def _sqlite_settings() -> Iterator[None]:
    """On SQLite (WAL), while the demo is written: commit without waiting for the disk at every transaction (a
    crash of the machine may lose the last batches, which a re-run adds again, as seeding skips what is there;
    an application crash loses nothing), and wait as long as the other process's batch takes rather than the
    20 s a request waits. The settings in force before are put back."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        sync = cursor.execute("PRAGMA synchronous").fetchone()[0]
        timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
        cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA busy_timeout = 600000")
        cursor.execute("PRAGMA cache_size = -1048576")  # 1 GiB of pages: the random-UUID indexes stay in memory
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(sync)}")
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout)}")
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
