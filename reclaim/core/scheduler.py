"""Periodic jobs: the scheduler only enqueues django-tasks tasks; the worker runs them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from reclaim.core.models import ScheduledJobRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task_path: str


def configured_jobs() -> list[PeriodicJob]:
    return [
        PeriodicJob(name, timedelta(seconds=seconds), path) for name, seconds, path in settings.RECLAIM_PERIODIC_JOBS
    ]


def due_jobs(now: datetime, jobs: list[PeriodicJob]) -> list[PeriodicJob]:
    last = dict(ScheduledJobRun.objects.filter(name__in=[j.name for j in jobs]).values_list("name", "last_run_at"))
    return [job for job in jobs if job.name not in last or last[job.name] + job.every <= now]


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every job whose period has passed; return their names. Tasks are idempotent."""
    now = now or timezone.now()
    enqueued = []
    for job in due_jobs(now, configured_jobs()):
        with transaction.atomic():
            ScheduledJobRun.objects.update_or_create(name=job.name, defaults={"last_run_at": now})
            import_string(job.task_path).enqueue()
        enqueued.append(job.name)
    return enqueued
