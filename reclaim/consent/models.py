"""Consent records (DOMAIN.md §7.2): who may receive what about a survivor, for what purpose, until when.

A record is never edited after it is given (a changed consent is a new record) and never deleted: revoking
stamps when, by whom and how, and takes effect at once. `is_live_on` is the one definition of "live" that
every disclosure checks on the server (selectors.covered_classes)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Agency, TenantModel, User
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedTextField
from reclaim.documents.models import Document
from reclaim.people.models import Survivor

if TYPE_CHECKING:
    import datetime


class Purpose(models.TextChoices):
    SERVICE_REFERRAL = "service_referral", _("Referral to another service")
    INFORMATION_SHARING = "information_sharing", _("Sharing information with another organisation")
    LAW_ENFORCEMENT = "law_enforcement_disclosure", _("Sharing with police or prosecutors")
    AGGREGATE_REPORTING = "aggregate_reporting", _("Counting in reports without a name")
    RESEARCH = "research", _("Research")
    MEDIA = "media", _("Photos, video or media")
    CONTACT_CHANNEL = "contact_channel", _("Contact by phone, text or email")
    FOLLOW_UP_CONTACT = "follow_up_contact", _("Follow-up contact after leaving the program")


# Purposes about contacting the survivor: they name channels, not recipients or data classes.
CONTACT_PURPOSES = frozenset({Purpose.CONTACT_CHANNEL, Purpose.FOLLOW_UP_CONTACT})


class DataClass(models.TextChoices):
    IDENTITY = "identity", _("Name and identity")
    CONTACT = "contact", _("How to contact them")
    LOCATION = "location", _("Where they live or stay")
    CASE_SUMMARY = "case_summary", _("Case summary")
    NEEDS = "needs", _("Needs")
    ASSESSMENTS = "assessments", _("Assessment results")
    CLINICAL = "clinical", _("Health and counselling information")
    LEGAL = "legal", _("Legal information")
    IMMIGRATION = "immigration", _("Immigration status")
    TRAFFICKING_HISTORY = "trafficking_history", _("What happened to them")
    PERPETRATOR = "perpetrator", _("Information about the people who hurt them")
    DOCUMENTS = "documents", _("Documents")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")


class RecipientKind(models.TextChoices):
    AGENCY = "agency", _("An agency using Reclaim")
    ORGANISATION = "organisation", _("An organisation of the directory, or another one")
    PERSON = "person", _("A named person")
    ANY = "any", _("Any organisation we refer to")


class Method(models.TextChoices):
    SIGNATURE = "signature", _("Signed on screen")
    VERBAL = "verbal", _("Said out loud, with a witness")
    UPLOADED_FORM = "uploaded_form", _("Signed paper form, uploaded")


class GivenBy(models.TextChoices):
    SURVIVOR = "survivor", _("The survivor")
    GUARDIAN = "guardian", _("A parent or guardian")
    LEGAL_REPRESENTATIVE = "legal_representative", _("A legal representative")


class InformedOf(models.TextChoices):
    """What the person was told before agreeing (HTCDS consent guidance)."""

    PURPOSE = "purpose", _("Why the information is shared")
    DATA_USE = "data_use", _("How it will be used")
    RESEARCH_USE = "research_use", _("That counts without names may be used for research")
    OWN_DATA = "own_data", _("That the information is theirs and they can see it")
    RETENTION = "retention", _("How long it is kept")
    WITHDRAWAL = "withdrawal", _("That they can take this back at any time, and services do not depend on it")


class RevokedHow(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    WRITING = "writing", _("In writing")
    PORTAL = "portal", _("Through the survivor portal")


class ConsentStatus(models.TextChoices):
    LIVE = "live", _("In force")
    NOT_STARTED = "not_started", _("Not started yet")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Taken back")


TEMPLATE_LANGUAGES = ("en", "es", "fr", "ar")  # the summary text's languages; English is required


class ConsentTemplate(TenantModel):
    """One version of an agency's consent template (DOMAIN.md §7.2; issue 14 item 4): defaults a case manager
    starts a consent record from, and the plain-language text read to or with the person.

    Versions of one template share `family`; `number` counts them. Editing a version no record used changes it
    in place; editing one a record used makes the next version, and the used one is `superseded_at` then, so
    every record keeps the exact text and defaults it was given under. Retiring stamps the current version:
    it is no longer offered. `version` is the edit lock of the row (STYLE.md §4), not the template's number."""

    family = models.UUIDField(default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(default=1)
    name = models.CharField(_("name"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose)
    data_classes = models.JSONField(_("information covered"), default=list, blank=True)
    channels = models.JSONField(_("ways to contact"), default=list, blank=True)
    length_days = models.PositiveIntegerField(_("lasts (days)"))
    informed_of = models.JSONField(_("told about"), default=list, blank=True)
    requires_second_signer = models.BooleanField(_("a second person signs (for a minor)"), default=False)
    # The text read to or with the person, per language: plain agency wording, no personal data.
    text_en = models.TextField(_("text in English"))
    text_es = models.TextField(_("text in Spanish"), blank=True)
    text_fr = models.TextField(_("text in French"), blank=True)
    text_ar = models.TextField(_("text in Arabic"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "-number"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "superseded_at", "retired_at"], name="consent_template_current"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["family", "number"], name="consent_template_one_number"),
            models.UniqueConstraint(
                fields=["family"], condition=Q(superseded_at__isnull=True), name="consent_template_one_current"
            ),
            models.CheckConstraint(condition=~Q(text_en=""), name="consent_template_has_english_text"),
            models.CheckConstraint(condition=Q(length_days__gt=0), name="consent_template_has_length"),
        ]

    def __str__(self) -> str:
        return f"consent template {self.pk}"

    def text_language(self, language: str) -> str:
        """The language the text is shown in for `language` (its base code): that one if the template has it,
        else English."""
        code = (language or "en").split("-")[0].lower()
        return code if code in TEMPLATE_LANGUAGES and getattr(self, f"text_{code}") else "en"

    def text_in(self, language: str) -> str:
        text: str = getattr(self, f"text_{self.text_language(language)}")
        return text

    @property
    def languages(self) -> list[str]:
        return [code for code in TEMPLATE_LANGUAGES if getattr(self, f"text_{code}")]


class ConsentRecord(TenantModel):
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose)
    recipient_kind = models.CharField(_("who may receive it"), max_length=16, choices=RecipientKind)
    recipient_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A directory organisation that is not on the platform; its name is kept in `recipient_name` too.
    recipient_organization = models.ForeignKey(
        "referrals.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_name = EncryptedTextField(_("organisation or person"))
    data_classes = models.JSONField(_("information covered"), default=list, blank=True)
    channels = models.JSONField(_("ways to contact"), default=list, blank=True)
    method = models.CharField(_("how it was given"), max_length=16, choices=Method)
    signature = EncryptedTextField(_("signature"))  # the drawn signature (PNG data URL) or the typed name
    signer_name = EncryptedTextField(_("name of the person who agreed"))
    witness_name = EncryptedTextField(_("witness"))
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    given_by = models.CharField(_("given by"), max_length=24, choices=GivenBy, default=GivenBy.SURVIVOR)
    second_signer_name = EncryptedTextField(_("second signer"))
    informed_of = models.JSONField(_("told about"), default=list, blank=True)
    summary_language = models.CharField(_("language of the summary"), max_length=10, blank=True)
    starts_on = models.DateField(_("starts"))
    expires_on = models.DateField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_by_whom = models.CharField(_("taken back by"), max_length=24, choices=GivenBy, blank=True)
    revoked_how = models.CharField(_("how it was taken back"), max_length=16, choices=RevokedHow, blank=True)
    revocation_note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    # The template version the record was started from (its text is the one read to the person), if any.
    template = models.ForeignKey(
        ConsentTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-starts_on", "-created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["survivor", "purpose"], name="consent_survivor_purpose"),
            models.Index(fields=["agency", "expires_on"], name="consent_agency_expiry"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("starts_on")), name="consent_expiry_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(recipient_kind="agency") | Q(recipient_agency__isnull=False),
                name="consent_agency_recipient_named",
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.pk}"

    def status_on(self, day: datetime.date) -> str:
        if self.revoked_at is not None:
            return ConsentStatus.REVOKED
        if day < self.starts_on:
            return ConsentStatus.NOT_STARTED
        if day > self.expires_on:
            return ConsentStatus.EXPIRED
        return ConsentStatus.LIVE

    def is_live_on(self, day: datetime.date) -> bool:
        return self.status_on(day) == ConsentStatus.LIVE
