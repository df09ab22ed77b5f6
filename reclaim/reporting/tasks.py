"""The worker's side of report jobs (reporting/jobs.py)."""

from __future__ import annotations

from django_tasks import task

from reclaim.reporting.jobs import run_job


@task()
def run_report_job(job_id: str) -> str:
    job = run_job(job_id)
    return "" if job is None else job.status
