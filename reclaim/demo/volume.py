"""The demo's volume: survivors, cases and everything recorded on them, spread over processes when it is big.

Each agency's rows depend only on that agency's earlier rows, and after the cases are open the case files and
screens do not depend on the plans, services and appointments (or the other way round). So the work is
independent tasks:

1. per agency: its survivors, then their cases ("people");
2. per agency, once its people are written, two tasks: case files then assessments ("files"); plans, then
   services (they link goals), then appointments ("care").

With `jobs` > 1 the tasks run in that many forked processes, each with its own database connection; an agency's
files and care are handed out as soon as its people are written, so a process never waits for another agency.
Writers queue on the database (SQLite transactions start IMMEDIATE; the audit chain takes its lock), and every
random choice is seeded by the agency and the stage, so the data is the same whichever way it is run. Work
inside a transaction the caller holds (tests) or on an in-memory database cannot be seen from another process:
it always runs in this one.

`seed_demo` uses two processes by default from `PARALLEL_FROM` survivors, on SQLite too. A first 100,000-survivor
run with two SQLite processes failed: case files were written in one transaction per agency, so the other
process waited past its lock timeout and the write-ahead log grew to 7 GB. They now commit every 1,000 cases
and wait up to ten minutes for the lock, and the 100,000 run with two processes took 574 s where one took
1,402 s before this work (with fewer rows per survivor and growing keys since; BENCHMARKS.md).
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection, connections

from reclaim.accounts.models import Agency
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
    # Seconds per stage and per phase ("people", "care and files"), summed over the agencies: work done, not time
    # waited (the command reports the volume's wall time).
    stage_seconds: dict[str, float] = field(default_factory=dict)
    phase_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _Outcome:
    seconds: dict[str, float]
    counts: dict[str, int]


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
    for slug, group, outcome in _run(counts, seed=seed, jobs=jobs):
        for name, seconds in outcome.seconds.items():
            report.stage_seconds[name] = report.stage_seconds.get(name, 0.0) + seconds
        phase = "people" if group == "people" else "care and files"
        report.phase_seconds[phase] = report.phase_seconds.get(phase, 0.0) + sum(outcome.seconds.values())
        report.survivors_created += outcome.counts.get("survivors", 0)
        report.cases_created += outcome.counts.get("cases", 0)
        if progress is not None:
            progress(f"{slug} {group}")
    return report


def task_count(agencies: dict[str, Agency]) -> int:
    """How many times `seed_volume` reports progress: one "people" and two "care and files" tasks per agency."""
    return len(agencies) * 3


_AFTER_PEOPLE = ("files", "care")


def _run(counts: dict[str, int], *, seed: int, jobs: int) -> Iterator[tuple[str, str, _Outcome]]:
    """Every agency's people, then its files and care. With processes, an agency's files and care are handed
    out as soon as its people are written, so no process waits for the slowest agency's people."""
    if jobs == 1:
        for slug, count in counts.items():
            yield slug, "people", _task(slug, "people", count, seed)
        for slug in counts:
            for group in _AFTER_PEOPLE:
                yield slug, group, _task(slug, group, 0, seed)
        return
    connections.close_all()  # each process opens its own
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = {pool.submit(_task, slug, "people", count, seed): (slug, "people") for slug, count in counts.items()}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                slug, group = pending.pop(future)
                yield slug, group, future.result()
                if group == "people":
                    pending.update({pool.submit(_task, slug, g, 0, seed): (slug, g) for g in _AFTER_PEOPLE})


def _task(slug: str, group: str, count: int, seed: int) -> _Outcome:
    agencies = {slug: Agency.objects.get(slug=slug)}
    seconds: dict[str, float] = {}
    counts: dict[str, int] = {}
    with _sqlite_settings():
        for name, stage in _GROUPS[group]:
            started = time.perf_counter()
            counts[name] = stage(agencies, count, seed)
            seconds[name] = time.perf_counter() - started
    return _Outcome(seconds=seconds, counts=counts)


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
