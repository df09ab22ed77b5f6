"""The agency's reporting settings: the small-cell threshold k (DOMAIN.md §11) and its fiscal year."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel
from reclaim.core.fields import EncryptedJSONField
from reclaim.core.models import BaseModel

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
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
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


class Network(BaseModel):
    """A coalition of agencies that want one unduplicated count of the people they serve between them
    (DOMAIN.md §11). Created by a platform operator or an agency admin; each agency joins and leaves on its
    own, by its admin (NetworkMembership). Only a small-cell-suppressed count ever leaves it (NetworkCount)."""

    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["name"], name="reporting_network_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(TenantModel):
    """An agency's opt-in to a network, by its admin; leaving stamps `left_at` and deletes its tokens."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="memberships")
    joined_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    left_at = models.DateTimeField(null=True, blank=True)
    left_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["network", "agency"],
                condition=Q(left_at__isnull=True),
                name="reporting_network_one_live_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"network membership {self.pk}"


class NetworkToken(TenantModel):
    """One survivor served by a member agency in a period, as a keyed HMAC of their normalised name and
    birth date under the NETWORK's sub-key (core/blind.py): equal across member agencies for the same person,
    unrelated to any agency's own blind indexes, never shown, exported or sent anywhere. Deleted when the
    agency leaves the network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=40)  # a period label (reporting/periods.py)
    token = models.CharField(max_length=32)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["network", "agency", "period", "token"], name="reporting_token_unique"),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["network", "period", "token"], name="reporting_token_count"),
        ]

    def __str__(self) -> str:
        return "network token"


class NetworkCount(BaseModel):
    """A released network-wide count of distinct people for a period: `shown` is None when the count was
    under k (then it reads "fewer than k"); the exact count under k is never stored."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="counts")
    period = models.CharField(max_length=40)
    k = models.PositiveIntegerField()
    shown = models.PositiveIntegerField(null=True, blank=True)
    agencies = models.PositiveIntegerField(default=0)  # member agencies whose people were counted
    computed_by_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["network", "-created_at"], name="reporting_networkcount_last"),
        ]

    def __str__(self) -> str:
        return f"network count {self.pk}"
