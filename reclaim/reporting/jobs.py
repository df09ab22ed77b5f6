"""Background report runs and exports (DOMAIN.md §11): one job row, one runner per kind, a progress bar.

A kind registers a runner once (in its app's `ready`): `register_kind(JobKindSpec("report", run, label))`.
`do_start_job` validates nothing about the spec itself (the caller has already checked it and the user's
right to ask), saves a queued `ReportJob`, audits it and hands its id to the task worker after the commit.
The worker calls `run_job`, which marks the job running, calls the runner with a `Progress` the runner ticks,
and stores the runner's result (a JSON-able dict) or, when the runner fails, a plain message. A runner raising
`DomainError` fails the job with that message; any other exception fails it with a generic one (the details
go to the log without personal data: runners log codes and ids only).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError
from reclaim.reporting.models import JobStatus, ReportJob

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.accounts.models import Agency, User

logger = logging.getLogger(__name__)

STAGE_MAX = 120


class Progress:
    """What a runner calls as it goes: `progress(done, total, stage)`. Writes only when the whole per cent
    changes (or the stage does), so a runner may call it for every row at no cost; the job page shows the
    per cent as a bar and "done of total" as of that write."""

    def __init__(self, job: ReportJob) -> None:
        self.job = job
        self._last: tuple[int, str] = (job.progress, job.stage)

    def __call__(self, done: int, total: int, stage: str = "") -> None:
        percent = 100 if total <= 0 else max(0, min(99, done * 100 // total))
        stage = (stage or self.job.stage)[:STAGE_MAX]
        if (percent, stage) == self._last:
            return
        self._last = (percent, stage)
        done, total = max(0, min(done, total)), max(0, total)
        self.job.progress, self.job.stage = percent, stage
        self.job.progress_done, self.job.progress_total = done, total
        ReportJob.objects.filter(pk=self.job.pk).update(
            progress=percent, stage=stage, progress_done=done, progress_total=total
        )


@dataclass(frozen=True)
class JobKindSpec:
    code: str
    run: Callable[[ReportJob, Progress], dict[str, Any]]
    label: str = ""
    # Whether GET /reports/jobs/{id} carries the result (aggregates); exports serve files through their own views.
    api_result: bool = True


_KINDS: dict[str, JobKindSpec] = {}


def register_kind(spec: JobKindSpec) -> None:
    _KINDS[spec.code] = spec


def unregister_kind(code: str) -> None:
    _KINDS.pop(code, None)


def kind_spec(code: str) -> JobKindSpec | None:
    return _KINDS.get(code)


@transaction.atomic
def do_start_job(*, actor: User, agency: Agency, kind: str, spec: dict[str, Any]) -> ReportJob:
    """Queue a job of a registered kind for `actor` (who alone will see it) and hand it to the worker."""
    if kind not in _KINDS:
        raise DomainError(_("There is no such kind of report."), code="reporting.unknown_job_kind")
    job = ReportJob.objects.create(agency=agency, kind=kind, spec=spec, created_by=actor)
    write_audit(
        AuditEntry(
            "reporting.job_started",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="report_job",
            object_id=str(job.pk),
            detail={"kind": kind},
        )
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: Any) -> None:
    from reclaim.reporting.tasks import run_report_job

    run_report_job.enqueue(str(job_id))


def run_job(job_id: Any) -> ReportJob | None:
    """Run a queued job to its end (the worker's task body; tests call it directly). A job already started
    or finished is left alone, so a task delivered twice runs once."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return job
        job.status, job.started_at, job.stage = JobStatus.RUNNING, timezone.now(), _("Starting")
        job.save(update_fields=["status", "started_at", "stage", "updated_at"])
    spec = _KINDS.get(job.kind)
    try:
        if spec is None:
            raise DomainError(_("There is no such kind of report."), code="reporting.unknown_job_kind")
        result = spec.run(job, Progress(job))
    except DomainError as exc:
        return _finish(job, JobStatus.FAILED, error=exc.message)
    except Exception:
        logger.exception("report job %s (%s) failed", job.pk, job.kind)
        return _finish(job, JobStatus.FAILED, error=_("Something went wrong while making it. Please try again."))
    return _finish(job, JobStatus.DONE, result=result)


def _finish(job: ReportJob, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> ReportJob:
    job.status, job.result, job.error = status, result, error[:300]
    if status == JobStatus.DONE:
        job.progress, job.progress_done = 100, job.progress_total
    job.stage = ""
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "result", "error", "progress", "progress_done", "stage", "finished_at", "updated_at"]
    )
    write_audit(
        AuditEntry(
            "reporting.job_finished",
            actor_id=job.created_by_id,
            agency_id=job.agency_id,
            object_type="report_job",
            object_id=str(job.pk),
            detail={"kind": job.kind, "status": status},
        )
    )
    return job
