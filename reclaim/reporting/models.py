"""The agency's reporting settings: the small-cell threshold k (DOMAIN.md §11) and its fiscal year."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel
from reclaim.core.fields import EncryptedJSONField

DEFAULT_K = 11
MIN_K = 5
MAX_K = 1000
FEDERAL_FISCAL_START = 10


class ReportingPolicy(TenantModel):
    """Per-agency reporting settings; an agency without a row gets the defaults (k = 11, October fiscal year)."""

    k = models.PositiveIntegerField(_("smallest number shown"), default=DEFAULT_K)
    fiscal_year_start_month = models.PositiveSmallIntegerField(_("fiscal year starts in"), default=FEDERAL_FISCAL_START)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="reporting_policy_one_per_agency"),
            models.CheckConstraint(condition=Q(k__gte=MIN_K), name="reporting_policy_k_at_least_5"),
            models.CheckConstraint(
                condition=Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="reporting_policy_fiscal_month",
            ),
        ]

    def __str__(self) -> str:
        return f"reporting policy {self.pk}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be made")


class ReportJob(TenantModel):
    """A report run or an export, made in the background by the task worker (reporting/jobs.py).

    `kind` names a registered runner ("report", "export", …); `spec` holds what was asked for as codes only
    (template or builder spec, period label, format), never a name or free text about anyone; `result` is the
    finished output, encrypted at rest like every other derivative of case data. Only the person who asked
    for a job sees it (reporting/access.py)."""

    kind = models.CharField(_("kind"), max_length=40)
    spec = models.JSONField(_("what was asked for"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("per cent done"), default=0)
    stage = models.CharField(_("what it is doing"), max_length=120, blank=True)
    result = EncryptedJSONField(_("result"), null=True, blank=True)
    error = models.CharField(_("why it failed"), max_length=300, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "created_by", "-created_at"], name="reporting_job_mine"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reporting_job_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
