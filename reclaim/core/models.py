"""Base models, the audit log and the task-scheduler bookkeeping. Nothing here imports reclaim.*."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Timestamps for every table; the pk is a UUID because ids appear in URLs and the API."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One append-only, hash-chained audit row. Database triggers refuse UPDATE and DELETE.

    Actor and agency are plain ids, not foreign keys: a deleted user must not rewrite history.
    `detail` holds ids and codes only, never free text or PII.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    actor_id = models.UUIDField(null=True, blank=True)
    agency_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency_id", "-at"], name="core_audit_agency_at"),
            models.Index(fields=["agency_id", "action", "-at"], name="core_audit_agency_action"),
            models.Index(fields=["object_type", "object_id"], name="core_audit_object"),
        ]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"audit #{self.id} {self.action}"


class ScheduledJobRun(models.Model):
    """When each periodic job last ran, so `run_scheduler` survives restarts without double runs."""

    name = models.CharField(max_length=100, primary_key=True)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class Vocabulary(BaseModel):
    """A versioned list of codes from a data standard (HTCDS v2.0 first), e.g. `vic_TypeOfExploitation`."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    standard = models.CharField(_("standard"), max_length=32, default="HTCDS")
    standard_version = models.CharField(_("standard version"), max_length=16, default="2.0")
    multiple = models.BooleanField(_("several values allowed"), default=True)

    class Meta:
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")

    def __str__(self) -> str:
        return self.code


class Term(BaseModel):
    """One code of a vocabulary. `agency` empty = a term of the standard (read-only in the UI); set = that
    agency's own extension, which only its staff see. Terms are retired, never deleted: stored records
    keep pointing at their codes."""

    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.PROTECT, related_name="terms")
    # A string reference, not an import: core imports nothing from reclaim.* (the table still has a real FK).
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    code = models.CharField(_("code"), max_length=64)
    label = models.CharField(_("label"), max_length=200)
    sort = models.PositiveIntegerField(_("order"), default=0)
    introduced_in = models.CharField(_("introduced in version"), max_length=16, blank=True)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["vocabulary", "code"], condition=models.Q(agency__isnull=True), name="core_term_unique_global"
            ),
            models.UniqueConstraint(
                fields=["vocabulary", "agency", "code"],
                condition=models.Q(agency__isnull=False),
                name="core_term_unique_agency",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["vocabulary", "agency", "sort"], name="core_term_vocabulary_agency"),
        ]
        verbose_name = _("term")

    def __str__(self) -> str:
        return self.code

    @property
    def is_global(self) -> bool:
        return self.agency_id is None
