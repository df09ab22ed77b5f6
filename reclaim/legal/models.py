"""Legal matters and immigration relief (DOMAIN.md §9).

What a matter is made of varies by jurisdiction, so matter types and their step lists are data
(`MatterType`, `StepDefinition`): the US federal set ships as a JSON file under `jurisdictions/` and an
agency can load another country's or state's set (`manage.py load_legal_set FILE`). A `LegalMatter` sits on
a case, walks its type's steps (`MatterStepChange` keeps the path), carries dated `LegalDeadline`s with
reminder offsets, and ends with an outcome. Relief obtained (a granted matter whose type names a relief) is
a closure outcome and a report dimension.

Privileged material is the case notes and documents at the "legal" confidentiality level: the agency's
legal team (`sees_legal`) reads them; anyone else only through a `LegalAccessGrant` on that case.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Agency, TenantModel, User
from reclaim.cases.models import Case, CaseNote
from reclaim.consent.models import ConsentRecord
from reclaim.core.fields import EncryptedTextField
from reclaim.core.models import BaseModel
from reclaim.core.refdata import LEGAL_DEADLINE, LEGAL_MATTER_DESCRIPTION, LEGAL_MATTER_TYPE, LEGAL_STEP, shipped_label
from reclaim.documents.models import Document
from reclaim.people.models import Survivor
from reclaim.referrals.models import Organization


class MatterKind(models.TextChoices):
    """The family a matter type belongs to; reports group by it whatever the jurisdiction calls the type."""

    T_VISA = "t_visa", _("T visa")
    U_VISA = "u_visa", _("U visa")
    CONTINUED_PRESENCE = "continued_presence", _("Continued Presence")
    CERTIFICATION_ADULT = "certification_adult", _("HHS certification letter (adult)")
    ELIGIBILITY_MINOR = "eligibility_minor", _("Interim assistance and eligibility letter (minor)")
    PROTECTIVE_ORDER = "protective_order", _("Protective or restraining order")
    RECORD_RELIEF = "record_relief", _("Vacatur or criminal-record relief")
    CIVIL_SUIT = "civil_suit", _("Civil suit")
    RESTITUTION = "restitution", _("Restitution or compensation")
    CRIMINAL_CASE_WITNESS = "criminal_case_witness", _("Criminal case (survivor as witness)")
    LABOUR_CLAIM = "labour_claim", _("Labour claim")
    FAMILY_CUSTODY = "family_custody", _("Family or custody")
    ASYLUM = "asylum", _("Asylum")
    COMPLAINT = "complaint", _("Complaint to another body")
    OTHER = "other", _("Other")


class StepOutcome(models.TextChoices):
    """What entering a step means for the matter: nothing yet, or the matter ends this way."""

    NONE = "", _("The matter goes on")
    GRANTED = "granted", _("Granted or won")
    DENIED = "denied", _("Denied or lost")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed without a decision")


class MatterType(BaseModel):
    """A kind of legal matter in one jurisdiction. `agency` is empty for a shipped set, or names the agency
    that added it. Retired types stay (matters point at them) but cannot be chosen for a new matter."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=20)  # ISO 3166 code, e.g. "US", "US-CA", "GB"
    code = models.CharField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=32, choices=MatterKind)
    label = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what it is"), blank=True)
    # A granted matter of this type is relief obtained (a closure outcome and report dimension); "" = not relief.
    relief = models.CharField(_("relief it gives"), max_length=32, blank=True)
    set_name = models.CharField(_("set"), max_length=80)  # e.g. "us-federal"
    set_version = models.CharField(_("set version"), max_length=20)
    position = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["jurisdiction", "position", "label"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], condition=Q(agency__isnull=True), name="legal_type_unique_shipped"
            ),
            models.UniqueConstraint(fields=["agency", "jurisdiction", "code"], name="legal_type_unique_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.display_label} ({self.jurisdiction})"

    @property
    def is_shipped(self) -> bool:
        """A set Reclaim ships (or an operator installed for everyone); an agency's own set is never translated."""
        return self.agency_id is None

    @property
    def display_label(self) -> str:
        return shipped_label(self.label, LEGAL_MATTER_TYPE, shipped=self.is_shipped)

    @property
    def display_description(self) -> str:
        return shipped_label(self.description, LEGAL_MATTER_DESCRIPTION, shipped=self.is_shipped)


class StepDefinition(BaseModel):
    """One step of a matter type. `next_steps` lists the codes the matter may move to from here (empty: the
    matter ends here with `outcome`). Entering a step may open a deadline `due_in_days` later, and may start
    an expiry (`expiry_months` / `expiry_days`, e.g. Continued Presence: 24 months)."""

    matter_type = models.ForeignKey(MatterType, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    code = models.CharField(_("code"), max_length=60)
    label = models.CharField(_("name"), max_length=120)
    next_steps = models.JSONField(_("may move on to"), default=list, blank=True)
    outcome = models.CharField(_("ends the matter as"), max_length=16, choices=StepOutcome, blank=True, default="")
    due_in_days = models.PositiveIntegerField(_("deadline, days after entering"), null=True, blank=True)
    deadline_label = models.CharField(_("what is due"), max_length=120, blank=True)
    deadline_kind = models.CharField(_("kind of deadline"), max_length=16, default="due")  # a DeadlineKind value
    expiry_months = models.PositiveIntegerField(_("expires after (months)"), null=True, blank=True)
    expiry_days = models.PositiveIntegerField(_("expires after (days)"), null=True, blank=True)
    expiry_label = models.CharField(_("what expires"), max_length=120, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["matter_type", "position"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["matter_type", "code"], name="legal_step_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_final(self) -> bool:
        return not self.next_steps

    @property
    def display_label(self) -> str:
        """Reads `matter_type` (callers load it with the step) to tell a shipped set from an agency's own."""
        return shipped_label(self.label, LEGAL_STEP, shipped=self.matter_type.is_shipped)


class MatterStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class LegalMatter(TenantModel):
    """One legal matter on a case. Its existence, type, step and deadlines are seen by everyone who reads
    the case (the case manager is reminded of deadlines); its notes and documents may be privileged."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="+")
    matter_type = models.ForeignKey(MatterType, on_delete=models.PROTECT, related_name="+")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=20)  # copied from the type when opened
    current_step = models.ForeignKey(StepDefinition, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=MatterStatus, default=MatterStatus.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=StepOutcome, blank=True, default="")
    outcome_note = EncryptedTextField(_("about the outcome"))
    # Counsel: a staff legal advocate, or an external attorney (a directory organisation and/or a name).
    advocate = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("legal advocate")
    )
    counsel_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counsel_name = EncryptedTextField(_("external attorney"))
    reference = EncryptedTextField(_("receipt or court number"))
    court_or_body = EncryptedTextField(_("court, office or body"))
    summary = EncryptedTextField(_("summary"))
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "case", "status"], name="legal_matter_case"),
            models.Index(fields=["agency", "status", "closed_on"], name="legal_matter_closed"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False), name="legal_matter_closed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"legal matter {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == MatterStatus.OPEN

    @property
    def relief_obtained(self) -> str:
        """The relief code this matter obtained, or ""."""
        return self.matter_type.relief if self.outcome == StepOutcome.GRANTED else ""


class MatterStepChange(TenantModel):
    """The path of a matter through its steps (append-only). `note` is privileged: legal team only."""

    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="step_changes")
    from_step = models.ForeignKey(StepDefinition, on_delete=models.PROTECT, null=True, related_name="+")
    to_step = models.ForeignKey(StepDefinition, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("on"))
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    note = EncryptedTextField(_("note"))

    class Meta:
        ordering: ClassVar[list[str]] = ["on", "created_at"]

    def __str__(self) -> str:
        return f"step change {self.pk}"


class DeadlineKind(models.TextChoices):
    DUE = "due", _("Deadline")
    FILING = "filing", _("Filing deadline")
    HEARING = "hearing", _("Hearing or court date")
    EXPIRY = "expiry", _("Expiry")
    RENEWAL = "renewal", _("Renewal")


class LegalDeadline(TenantModel):
    """A dated deadline on a matter. Reminders fall `reminder_offsets` days before `due_on` (copied from the
    agency's LegalPolicy when made); an open deadline past `due_on` is overdue and reaches the supervisor."""

    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="deadlines")
    step = models.ForeignKey(StepDefinition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=DeadlineKind)
    title = EncryptedTextField(_("what is due"))
    due_on = models.DateField(_("date"))
    reminder_offsets = models.JSONField(_("remind, days before"), default=list, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "done_on", "due_on"], name="legal_deadline_open_due"),
        ]

    def __str__(self) -> str:
        return f"deadline {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    @property
    def display_title(self) -> str:
        """A title made from a shipped step (its deadline, expiry or step name) in the reader's language; a title
        someone typed or changed is shown as typed (the catalogue knows only the shipped English). Reads
        `matter.matter_type`, which every deadline list loads."""
        if self.step_id is None or not self.matter.matter_type.is_shipped:
            return self.title or ""
        title = self.title or ""
        translated = shipped_label(title, LEGAL_DEADLINE)
        return translated if translated != title else shipped_label(title, LEGAL_STEP)


class LegalPolicy(TenantModel):
    """Per-agency legal settings; an agency without a row gets the defaults."""

    DEFAULT_OFFSETS: ClassVar[list[int]] = [90, 30, 7]

    reminder_offsets = models.JSONField(_("remind, days before a deadline"), default=list)
    default_jurisdiction = models.CharField(_("usual jurisdiction"), max_length=20, default="US")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="legal_policy_one_per_agency"),
        ]

    def __str__(self) -> str:
        return f"legal policy {self.pk}"


class MatterNote(TenantModel):
    """Links a case note to a matter. The note is a CaseNote, so its confidentiality level ("legal" =
    privileged) is enforced by the one notes rule everywhere notes appear."""

    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="note_links")
    note = models.OneToOneField(CaseNote, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"matter note {self.pk}"


class MatterDocument(TenantModel):
    """Links a document (documents app: encrypted, versioned, audited downloads) to a matter. A privileged
    document is one at the "legal" confidentiality level."""

    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="document_links")
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"matter document {self.pk}"


class LegalAccessGrant(TenantModel):
    """Lets one person who is not on the legal team read a case's privileged notes and documents, with a
    reason, until revoked. Granted by the legal team."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = EncryptedTextField(_("why"))
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(revoked_at__isnull=True), name="legal_grant_one_live"
            ),
        ]

    def __str__(self) -> str:
        return f"legal access grant {self.pk}"


class ContactKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    REQUEST_FOR_ASSISTANCE = "request_for_assistance", _("Request for assistance")
    DECLARATION_REQUEST = "declaration_request", _("Request for a declaration or certification")
    VICTIM_WITNESS_COORDINATOR = "victim_witness_coordinator", _("Victim-witness coordinator contact")
    COURT_PROCEEDING = "court_proceeding", _("Court proceeding")
    OTHER = "other", _("Other")


class ContactResponse(models.TextChoices):
    """How the survivor responded to a law-enforcement request (T visa: compliance with reasonable requests,
    unless under 18 or unable because of trauma)."""

    NOT_APPLICABLE = "", _("No request was made")
    COMPLIED = "complied", _("Helped as asked")
    PARTLY = "partly", _("Helped in part")
    DECLINED = "declined", _("Chose not to help")
    UNABLE_TRAUMA = "unable_trauma", _("Unable because of trauma")
    UNABLE_AGE = "unable_age", _("Not expected: under 18")
    PENDING = "pending", _("Not answered yet")


class LawEnforcementContact(TenantModel):
    """One contact with police, prosecutors or a victim-witness coordinator. Anything disclosed to law
    enforcement names the consent that allowed it (purpose law_enforcement_disclosure)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    matter = models.ForeignKey(LegalMatter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=32, choices=ContactKind)
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    agency_name = EncryptedTextField(_("law-enforcement agency"))
    officer_name = EncryptedTextField(_("officer or coordinator"))
    request = EncryptedTextField(_("what was asked"))
    response = models.CharField(_("response"), max_length=16, choices=ContactResponse, blank=True, default="")
    information_disclosed = models.BooleanField(_("information about the survivor was shared"), default=False)
    consent = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    notes = EncryptedTextField(_("notes"))
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "case", "-occurred_on"], name="legal_le_contact_case"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(information_disclosed=False) | Q(consent__isnull=False),
                name="legal_le_disclosure_has_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"law-enforcement contact {self.pk}"


class RightsArticle(BaseModel):
    """A plain-language page about a right or an option, in one language for one jurisdiction. `agency` is
    empty for a shipped page; an agency edits a shipped page by making its own copy (`based_on`), which then
    replaces the shipped one for its staff and survivors."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=20)
    language = models.CharField(_("language"), max_length=12)  # BCP 47, e.g. "en", "es"
    topic = models.CharField(_("topic"), max_length=60)  # a stable code, e.g. "t_visa"; same across languages
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))  # plain text; blank lines separate paragraphs
    published = models.BooleanField(_("published"), default=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["jurisdiction", "topic", "language"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["jurisdiction", "language", "topic"],
                condition=Q(agency__isnull=True),
                name="legal_article_unique_shipped",
            ),
            models.UniqueConstraint(
                fields=["agency", "jurisdiction", "language", "topic"], name="legal_article_unique_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RightsShare(TenantModel):
    """A rights page shared with a survivor: the portal lists the live shares of the survivor's cases."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="+")
    article = models.ForeignKey(RightsArticle, on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["case", "article"], condition=Q(withdrawn_at__isnull=True), name="legal_share_one_live"
            ),
        ]

    def __str__(self) -> str:
        return f"rights share {self.pk}"
