"""Retention policy per agency, legal holds on cases, survivors' erasure requests (issue 13; docs/retention.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedTextField
from reclaim.people.models import Survivor

# Months, counted from the case's closure. The floor is three years: the record-keeping rule for federal awards
# (2 CFR 200.334) and what most funders write into grant agreements; the default is seven years, which many
# funders, state rules and HMIS guidance ask for. Fifty years is the ceiling, enough for a child's record kept
# until well past majority. docs/retention.md gives the reasoning.
MIN_MONTHS = 36
DEFAULT_CASE_MONTHS = 84
DEFAULT_DOCUMENT_MONTHS = 84
MAX_MONTHS = 600


class RetentionPolicy(TenantModel):
    """An agency's retention periods. One row per agency; an agency without a row uses the defaults."""

    case_months = models.PositiveSmallIntegerField(
        _("keep closed cases for (months after closure)"), default=DEFAULT_CASE_MONTHS
    )
    document_months = models.PositiveSmallIntegerField(
        _("keep documents of closed cases for (months after closure)"), default=DEFAULT_DOCUMENT_MONTHS
    )
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="retention_policy_one_per_agency"),
            models.CheckConstraint(
                condition=Q(case_months__gte=MIN_MONTHS) & Q(case_months__lte=MAX_MONTHS),
                name="retention_policy_case_months_range",
            ),
            models.CheckConstraint(
                condition=Q(document_months__gte=MIN_MONTHS) & Q(document_months__lte=F("case_months")),
                name="retention_policy_document_months_range",
            ),
        ]

    def __str__(self) -> str:
        return "retention policy"


class LegalHold(TenantModel):
    """While a hold is in place (not lifted) the case and its person are never purged or erased."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason for the hold"))
    placed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lift_reason = EncryptedTextField(_("reason for lifting the hold"))

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(lifted_at__isnull=True), name="retention_hold_one_active_per_case"
            ),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "lifted_at"], name="retention_hold_active")]

    def __str__(self) -> str:
        return f"legal hold {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class Requester(models.TextChoices):
    SURVIVOR = "survivor", _("The person themselves")
    REPRESENTATIVE = "legal_representative", _("Their legal representative")
    GUARDIAN = "guardian", _("Their parent or guardian")


class Verification(models.TextChoices):
    IN_PERSON = "in_person", _("In person, identity document seen")
    PORTAL = "portal", _("Through their own portal account")
    SAFE_CONTACT = "safe_contact", _("Call-back on the safe contact on file")
    REPRESENTATIVE_PAPERS = "representative_papers", _("Representative's authority seen")


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    DONE = "done", _("Erased")
    DECLINED = "declined", _("Declined")


class ErasureRequest(TenantModel):
    """A survivor's request to be forgotten. It outlives the person's data: `survivor` is emptied by the erasure,
    `survivor_ref` keeps the id (an id, not personal data) so the request and its audit rows still line up."""

    survivor = models.ForeignKey(Survivor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    survivor_ref = models.UUIDField()
    requested_on = models.DateField(_("asked on"))
    requested_by = models.CharField(_("who asked"), max_length=24, choices=Requester)
    verification = models.CharField(_("how their identity was checked"), max_length=24, choices=Verification)
    verified_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=12, choices=ErasureStatus, default=ErasureStatus.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = EncryptedTextField(_("comment"))
    # Rows removed, by table label: counts only.
    counts = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["survivor_ref"], condition=Q(status="pending"), name="retention_erasure_one_pending"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "status", "-created_at"], name="retention_erasure_queue")
        ]

    def __str__(self) -> str:
        return f"erasure request {self.pk}"


class PendingFileDeletion(TenantModel):
    """A stored blob whose rows a purge has removed. Written in the purge's transaction and deleted once the file
    is gone, so a crash between the commit and the storage call leaves a note the next run finishes."""

    storage_name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return "pending file deletion"
