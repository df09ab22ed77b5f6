"""The partner directory (Open Referral HSDS 3.0 shaped) and closed-loop referrals between agencies.

Directory rows are shared across the platform: every agency searches the same directory, which its staff
and imports maintain. An organisation may be an agency on the platform (`platform_agency`), so referrals
to it travel inside Reclaim; any other organisation gets a printable packet.

A referral belongs to the sending agency (`agency`) and names a receiving platform agency or a directory
organisation. The packet is frozen at sending, encrypted with the sender's key, and shown to the recipient
only while a live consent covers each of its data classes (or a recorded override does)."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Agency, OrganisationType, TenantModel, User
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedJSONField, EncryptedTextField
from reclaim.core.models import BaseModel
from reclaim.people.models import Survivor


class Organization(BaseModel):
    """One organisation of the directory (HSDS `organization`)."""

    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("what they do"), blank=True)
    org_type = models.CharField(_("type"), max_length=40, choices=OrganisationType, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages spoken (ISO 639)"), default=list, blank=True)
    # The agency whose staff keep this entry up to date; empty for rows of a platform-wide import.
    maintained_by = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Set when the organisation is itself an agency on this platform: referrals to it stay inside Reclaim.
    platform_agency = models.OneToOneField(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="directory_entry"
    )
    is_active = models.BooleanField(_("listed"), default=True)
    version = models.PositiveIntegerField(default=1)
    # The HSDS `id` this organisation is exported and imported under (see "# Directory" below).
    hsds_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["is_active", "name"], name="referrals_org_active_name")]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    """DOMAIN.md §8."""

    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold (waiting list)")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Could not be served")
    CANCELLED = "cancelled", _("Cancelled")
    WITHDRAWN = "withdrawn", _("Withdrawn by the sender")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SOON = "soon", _("Within a week")
    URGENT = "urgent", _("Urgent")


class Referral(TenantModel):
    """`agency` is the sender."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals_out")
    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    service_category = models.CharField(_("service needed"), max_length=40)
    goal = models.ForeignKey("plans.Goal", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = EncryptedTextField(_("why, in a few words"))
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency, default=Urgency.ROUTINE)
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus, default=ReferralStatus.DRAFT)
    data_classes = models.JSONField(_("information sent"), default=list, blank=True)
    packet = EncryptedJSONField(_("packet"))  # frozen at sending; shown only while consent covers it
    consent_override_reason = EncryptedTextField(_("why it was sent without a consent"))
    consent_override_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledge_by = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)
    outcome_note = EncryptedTextField(_("outcome note"))
    receiving_case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    # Closed loop (referral_states.py): the decline reason code, the classes a consent override let through,
    # when the sender's workers saw the outcome, when a periodic check found the packet hidden.
    status_reason = models.CharField(_("reason"), max_length=24, blank=True)
    consent_override_classes = models.JSONField(_("sent without a consent"), default=list, blank=True)
    consent_override_at = models.DateTimeField(null=True, blank=True)
    outcome_seen_at = models.DateTimeField(null=True, blank=True)
    packet_hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "status"], name="referrals_out_status"),
            models.Index(fields=["to_agency", "status"], name="referrals_in_status"),
            models.Index(fields=["status", "acknowledge_by"], name="referrals_sla_due"),
            models.Index(fields=["case"], name="referrals_case"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(to_agency__isnull=False) | Q(to_organization__isnull=False),
                name="referrals_has_a_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"


class ReferralTransition(TenantModel):
    """Every change of a referral's status: kept for both sides, even after the packet is hidden. `agency` is
    the sender's (the referral's), so the reason is encrypted with the sender's key whichever side wrote it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=ReferralStatus)
    to_status = models.CharField(max_length=16, choices=ReferralStatus)
    at = models.DateTimeField()
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"))
    reason_code = models.CharField(_("reason code"), max_length=24, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["at"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


# Directory
# Rows of the shared partner directory, shaped after Open Referral HSDS 3.0 (DOMAIN.md §12.1). Each carries
# the HSDS `id` it is exported and imported under (`hsds_id`), so a re-import updates instead of duplicating.


class ServiceStatus(models.TextChoices):
    """HSDS 3.0 `service.status`."""

    ACTIVE = "active", _("Open")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")
    INACTIVE = "inactive", _("Not offered now")
    DEFUNCT = "defunct", _("No longer offered")


class LocationType(models.TextChoices):
    """HSDS 3.0 `location.location_type`."""

    PHYSICAL = "physical", _("A place people visit")
    POSTAL = "postal", _("Postal address only")
    VIRTUAL = "virtual", _("Online or by phone")


class OrgService(BaseModel):
    """A service an organisation offers (HSDS `service`), coded with Reclaim's service taxonomy (DOMAIN.md §5).
    Opening hours are an RFC 5545 recurrence rule (HSDS `schedule`) plus opening and closing times."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="services")
    hsds_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    category_code = models.CharField(_("kind of service"), max_length=40)
    type_code = models.CharField(_("type of service"), max_length=80, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it offers"), blank=True)
    eligibility = models.TextField(_("who can use it"), blank=True)
    languages = models.JSONField(_("languages (ISO 639)"), default=list, blank=True)
    fees = models.TextField(_("fees"), blank=True)
    hours_rrule = models.CharField(_("opening days (RFC 5545 rule)"), max_length=200, blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    hours_note = models.CharField(_("opening hours, in words"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("places available now"), null=True, blank=True)
    capacity_unit = models.CharField(_("counted in"), max_length=40, blank=True)
    capacity_updated_at = models.DateTimeField(_("capacity updated"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus, default=ServiceStatus.ACTIVE)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["category_code", "status"], name="referrals_orgservice_category"),
        ]

    def __str__(self) -> str:
        return self.name


class Location(BaseModel):
    """A place of an organisation (HSDS `location` with its `address`).

    A confidential location (a shelter) is seen only by the staff of its maintaining agency (`agency`): its
    street lines, postal code and coordinates are stored encrypted with that agency's key, and the plain
    address columns stay empty. City, region and country (the area) stay plain so the maintaining agency can
    search them; other agencies never receive the row at all."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="locations")
    hsds_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # The maintaining agency: whose staff may see a confidential location; its key encrypts the address.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)
    location_type = models.CharField(
        _("kind of location"), max_length=12, choices=LocationType, default=LocationType.PHYSICAL
    )
    confidential = models.BooleanField(_("confidential address (e.g. a shelter)"), default=False)
    address_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    hidden_address_1 = EncryptedTextField(_("address line 1"))
    hidden_address_2 = EncryptedTextField(_("address line 2"))
    hidden_postal_code = EncryptedTextField(_("postal code"))
    hidden_coordinates = EncryptedJSONField(_("coordinates"))  # [latitude, longitude] as strings
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    region = models.CharField(_("region or state"), max_length=100, blank=True)
    country = models.CharField(_("country (ISO 3166)"), max_length=2, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "city"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["organization", "confidential", "agency"], name="referrals_location_visible"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(confidential=False) | Q(agency__isnull=False),
                name="referrals_location_confidential_has_agency",
            ),
            models.CheckConstraint(
                condition=Q(confidential=False)
                | (
                    Q(address_1="")
                    & Q(address_2="")
                    & Q(postal_code="")
                    & Q(latitude__isnull=True)
                    & Q(longitude__isnull=True)
                ),
                name="referrals_location_confidential_not_plain",
            ),
        ]

    def __str__(self) -> str:
        return f"location {self.pk}"

    @property
    def street_lines(self) -> list[str]:
        """The address lines and postal code, from whichever columns hold them."""
        if self.confidential:
            parts = [self.hidden_address_1, self.hidden_address_2, self.hidden_postal_code]
        else:
            parts = [self.address_1, self.address_2, self.postal_code]
        return [part for part in parts if part]

    @property
    def coordinates(self) -> tuple[str, str] | None:
        if self.confidential:
            pair = self.hidden_coordinates
            return (str(pair[0]), str(pair[1])) if pair else None
        if self.latitude is None or self.longitude is None:
            return None
        return (str(self.latitude), str(self.longitude))


class Contact(BaseModel):
    """A named person at a partner organisation (HSDS `contact`): partner staff, never a survivor."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contacts")
    hsds_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


# Closed-loop referrals: per-agency settings


class ReferralPolicy(TenantModel):
    """How long a recipient has to acknowledge a referral this agency sends (business days) and when an open
    referral nobody has touched counts as stale (DOMAIN.md §8; Primero's default is 14 days)."""

    ack_business_days = models.PositiveSmallIntegerField(_("acknowledge within (business days)"), default=2)
    stale_days = models.PositiveSmallIntegerField(_("stale after (days without change)"), default=14)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="referrals_policy_one_per_agency"),
        ]

    def __str__(self) -> str:
        return "referral policy"
