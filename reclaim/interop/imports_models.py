"""Legacy import: saved column mappings, import runs and the natural keys of imported records.

Nothing here holds a cell value: mappings hold column headers and coded-value maps, runs hold counts and row
errors worded without the cell's value, and an imported record holds the source system's id of the row and the
id of the Reclaim record it became (the natural key that makes a re-run change nothing)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User

__all__ = ["ImportKind", "ImportMapping", "ImportRun", "ImportStatus", "ImportedRecord", "OnDuplicate"]


class ImportKind(models.TextChoices):
    SURVIVORS = "survivors", _("People (survivors)")
    CASES = "cases", _("Cases")
    SERVICES = "services", _("Services given")
    APPOINTMENTS = "appointments", _("Appointments")


class OnDuplicate(models.TextChoices):
    """What to do with a row that looks like a person the agency already has (the intake duplicate check)."""

    SKIP = "skip", _("Do not import it; list it as a possible duplicate (safest)")
    LINK = "link", _("Link the row to the existing person instead of creating a new one")


class ImportStatus(models.TextChoices):
    DRAFT = "draft", _("Waiting for the column mapping")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Could not run")


class ImportMapping(TenantModel):
    """A named, reusable way to read one legacy system's export: which column holds which field, and which
    Reclaim code each of its coded values means."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("what the file holds"), max_length=16, choices=ImportKind)
    source_system = models.CharField(_("source system"), max_length=60)
    # {target field: source column header}
    column_map = models.JSONField(_("columns"), default=dict, blank=True)
    # {target field: {source value: Reclaim code}}
    value_maps = models.JSONField(_("coded values"), default=dict, blank=True)
    on_duplicate = models.CharField(
        _("possible duplicates"), max_length=8, choices=OnDuplicate, default=OnDuplicate.SKIP
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "name"], name="interop_mapping_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ImportRun(TenantModel):
    """One pass over one uploaded file: a dry run (checks only) or an import. The uploaded file is kept
    encrypted in document storage until the import has run, then deleted."""

    mapping = models.ForeignKey(ImportMapping, on_delete=models.PROTECT, null=True, blank=True, related_name="runs")
    kind = models.CharField(_("what the file holds"), max_length=16, choices=ImportKind)
    # A neutral name (never the uploaded name, which may name a person) and the format.
    file_name = models.CharField(_("file"), max_length=60)
    file_format = models.CharField(max_length=8)
    file_size = models.PositiveBigIntegerField(default=0)
    storage_name = models.CharField(max_length=200, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus, default=ImportStatus.DRAFT)
    created = models.PositiveIntegerField(_("created"), default=0)
    linked = models.PositiveIntegerField(_("linked to existing records"), default=0)
    unchanged = models.PositiveIntegerField(_("already imported"), default=0)
    errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    # [{row, column, reason}]: the reason says what is wrong in words, never the cell's value.
    row_errors = models.JSONField(default=list, blank=True)
    message = models.CharField(_("problem with the file"), max_length=300, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The dry run this import confirmed (the same file and mapping).
    confirms = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "-created_at"], name="interop_run_recent")]

    def __str__(self) -> str:
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.progress_total <= 0:
            return 100 if self.finished else 0
        return min(100, self.progress_done * 100 // self.progress_total)


class ImportedRecord(TenantModel):
    """The natural key of an imported row (source system + source id + kind) and the record it became."""

    source_system = models.CharField(max_length=60)
    source_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=ImportKind)
    object_id = models.UUIDField()
    linked = models.BooleanField(default=False)  # pointed at an existing record instead of creating one
    run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["agency", "source_system", "source_id", "kind"], name="interop_imported_natural_key"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "kind", "object_id"], name="interop_imported_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id}"
