"""Documents: encrypted attachments on a survivor or one of their cases, kept as numbered versions.

The bytes live in the "documents" storage, encrypted before they get there (see files.py); the rows
hold what is needed to find, show and check them. Titles, file names and digests are ciphertext.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedTextField
from reclaim.documents.files import EXTENSIONS
from reclaim.people.models import Survivor


class DocumentKind(models.TextChoices):
    IDENTITY_DOCUMENT = "identity_document", _("Identity document")
    CERTIFICATION_LETTER = "certification_letter", _("Certification or eligibility letter")
    MEDICAL_RECORD = "medical_record", _("Medical record")
    SIGNED_CONSENT = "signed_consent", _("Signed consent")
    LEGAL_FILING = "legal_filing", _("Legal filing")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    OTHER = "other", _("Other")


class Confidentiality(models.TextChoices):
    """Who may see a document besides the people who may read its case or survivor record."""

    GENERAL = "general", _("General: everyone working on the case")
    CLINICAL = "clinical", _("Clinical: clinicians only")
    LEGAL = "legal", _("Legal: the legal team only")


class Document(TenantModel):
    """One attachment; its content is its numbered versions. Archived documents are kept, not deleted."""

    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("type of document"), max_length=32, choices=DocumentKind)
    confidentiality = models.CharField(
        _("who may see it"), max_length=16, choices=Confidentiality, default=Confidentiality.GENERAL
    )
    title = EncryptedTextField(_("title"))
    latest_number = models.PositiveIntegerField(default=0)  # number of the newest version, set by actions
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    archive_reason = EncryptedTextField(_("reason for archiving"))
    version = models.PositiveIntegerField(default=1)  # optimistic lock, bumped by actions

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "case", "-created_at"], name="documents_document_case"),
            models.Index(fields=["agency", "survivor", "-created_at"], name="documents_document_survivor"),
        ]

    def __str__(self) -> str:
        return f"document {self.pk}"  # never the title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class DocumentVersion(TenantModel):
    """One uploaded file. `storage_name` is random: nothing about the person or the file is in the path."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    original_filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)  # detected from the bytes, never the browser's claim
    size = models.PositiveBigIntegerField()  # bytes of the plaintext
    sha256 = EncryptedTextField()  # of the plaintext, checked on download; encrypted so a copy cannot be matched
    storage_name = models.CharField(max_length=200, unique=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="documents_version_number_positive"),
            models.CheckConstraint(condition=Q(size__gt=0), name="documents_version_not_empty"),
        ]

    def __str__(self) -> str:
        return f"version {self.number}"

    @property
    def format_label(self) -> str:
        """PDF, PNG, DOCX…: what staff call the format, rather than the MIME type."""
        return EXTENSIONS.get(self.content_type, "").upper() or self.content_type
