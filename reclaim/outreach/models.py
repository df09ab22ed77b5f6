"""Community work (issue 10, DOMAIN.md §14): awareness campaigns and their events, staff and community training,
volunteers, and survivors' stories used under a live media consent.

Nothing here points at a case except two deliberate links, both counted and never shown to outreach staff: a
case may name the campaign that led to its identification (cases.Case.campaign, counted with small-cell
suppression), and a story names the case whose media consent it stands on. Places of events may be confidential
and are encrypted; so are volunteers' contact details and everything a story says.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User
from reclaim.accounts.roles import Role
from reclaim.core.fields import EncryptedTextField
from reclaim.funding.models import Grant


class Audience(models.TextChoices):
    GENERAL_PUBLIC = "general_public", _("General public")
    SCHOOLS = "schools", _("Schools and students")
    YOUTH = "youth", _("Young people")
    EMPLOYERS = "employers", _("Employers and recruiters")
    HEALTH_WORKERS = "health_workers", _("Health workers")
    LAW_ENFORCEMENT = "law_enforcement", _("Police and law enforcement")
    FAITH_GROUPS = "faith_groups", _("Faith groups")
    MIGRANT_WORKERS = "migrant_workers", _("Migrant workers")
    SOCIAL_SERVICES = "social_services", _("Social and community services")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media")
    PSA = "psa", _("Public service announcements")
    COMMUNITY_EVENTS = "community_events", _("Community events")
    WORKSHOPS = "workshops", _("Workshops")
    PRINT = "print", _("Printed material")
    HOTLINE_PROMOTION = "hotline_promotion", _("Hotline promotion")
    OTHER = "other", _("Other")


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(TenantModel):
    """An awareness campaign: goal, audiences, channels, period, budget and the grant paying for it."""

    name = models.CharField(_("name"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CampaignStatus, default=CampaignStatus.PLANNED)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)  # Audience codes
    channels = models.JSONField(_("channels"), default=list, blank=True)  # Channel codes
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, null=True, blank=True)
    grant = models.ForeignKey(Grant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-starts_on", "name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "name"], name="outreach_campaign_unique_name"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="outreach_campaign_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="outreach_campaign_budget"
            ),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "status"], name="outreach_campaign_status")]

    def __str__(self) -> str:
        return self.name


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class OutreachEvent(TenantModel):
    """A community event, workshop or community training session. It may belong to a campaign. Its place may be
    confidential (a shelter's hall, a workplace): encrypted, and hidden from volunteers unless they are assigned."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(_("format"), max_length=12, choices=EventFormat, default=EventFormat.IN_PERSON)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = EncryptedTextField(_("place"))
    place_is_confidential = models.BooleanField(_("the place is confidential"), default=False)
    audience_size = models.PositiveIntegerField(_("people who came"), null=True, blank=True)
    facilitators: models.ManyToManyField[User, Any] = models.ManyToManyField(
        User, blank=True, related_name="+", verbose_name=_("facilitators")
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-starts_at"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="outreach_event_times_in_order",
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "-starts_at"], name="outreach_event_when"),
            models.Index(fields=["campaign", "-starts_at"], name="outreach_event_campaign"),
        ]

    def __str__(self) -> str:
        return self.title


class CourseTopic(models.TextChoices):
    TRAUMA_INFORMED_CARE = "trauma_informed_care", _("Trauma-informed care")
    IDENTIFICATION = "identification", _("Identification indicators")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality and consent")
    PLATFORM = "platform", _("Using Reclaim")
    SCREENING_TOOLS = "screening_tools", _("Screening tools")
    SAFETY_PLANNING = "safety_planning", _("Safety planning")
    OTHER = "other", _("Other")


class Course(TenantModel):
    """A training course the agency runs or recognises. `valid_months` empty = the certificate never expires."""

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=24, choices=CourseTopic, default=CourseTopic.OTHER)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    valid_months = models.PositiveSmallIntegerField(_("certificate valid for (months)"), null=True, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["title"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "title"], name="outreach_course_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Being screened")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    DECLINED = "declined", _("Not taken on")
    LEFT = "left", _("Left")


class Volunteer(TenantModel):
    """A volunteer, from application on. `user` is set once they are taken on and get a sign-in with the volunteer
    role; they then see only their own assignments and hours. Contact details are encrypted."""

    display_name = models.CharField(_("name"), max_length=120)
    email = EncryptedTextField(_("email"))
    phone = EncryptedTextField(_("phone"))
    status = models.CharField(_("status"), max_length=12, choices=VolunteerStatus, default=VolunteerStatus.APPLIED)
    user = models.OneToOneField(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="volunteer")
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["display_name"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "status"], name="outreach_volunteer_status")]

    def __str__(self) -> str:
        return self.display_name


# --- Training (issue 10 item 3): sessions, participants, certificates, required courses, the block setting ---


class TrainingSession(TenantModel):
    """One running of a course: a date, a place or online, a trainer and a number of places. The place may say
    where a shelter is, so it is encrypted."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("date"))
    is_online = models.BooleanField(_("online"), default=False)
    place = EncryptedTextField(_("place"))
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-held_on"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "-held_on"], name="outreach_tsession_when"),
            models.Index(fields=["course", "-held_on"], name="outreach_tsession_course"),
        ]

    def __str__(self) -> str:
        return f"training session {self.pk}"


class ParticipantKind(models.TextChoices):
    STAFF = "staff", _("Staff of our agency")
    PARTNER = "partner", _("Staff of a partner organisation")
    COMMUNITY = "community", _("Community member")


class ParticipantStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    COMPLETED = "completed", _("Completed")
    ABSENT = "absent", _("Did not attend")


class TrainingParticipant(TenantModel):
    """Someone taking part in a session: a staff member of the agency (`user`), someone from a partner
    organisation (name and organisation: typed, or picked from the directory) or a community member (a name,
    optional). Names of people who are not staff are encrypted."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("who"), max_length=12, choices=ParticipantKind)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = EncryptedTextField(_("name"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "referrals.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("attendance"), max_length=12, choices=ParticipantStatus, default=ParticipantStatus.REGISTERED
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["session", "user"], condition=Q(user__isnull=False), name="outreach_tparticipant_once"
            ),
            models.CheckConstraint(
                condition=Q(kind="staff", user__isnull=False) | (~Q(kind="staff") & Q(user__isnull=True)),
                name="outreach_tparticipant_staff_has_user",
            ),
        ]

    def __str__(self) -> str:
        return f"participant {self.pk}"


class CertificateSource(models.TextChoices):
    SESSION = "session", _("Completed a session")
    EXTERNAL = "external", _("Recorded from another provider")


class TrainingCertificate(TenantModel):
    """A certificate of completion: issued when a participant completes a session, or recorded for a staff member
    who trained elsewhere. `expires_on` empty = it never expires. `user` is set for the agency's own staff."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    participant = models.OneToOneField(
        TrainingParticipant, on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    source = models.CharField(_("source"), max_length=12, choices=CertificateSource, default=CertificateSource.SESSION)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    number = models.CharField(_("certificate number"), max_length=32)
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["-completed_on"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "number"], name="outreach_tcertificate_unique_number"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("completed_on")),
                name="outreach_tcertificate_expiry_in_order",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(participant__isnull=False), name="outreach_tcertificate_has_holder"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "user", "course"], name="outreach_tcertificate_holder"),
            models.Index(fields=["agency", "expires_on"], name="outreach_tcertificate_expiry"),
        ]

    def __str__(self) -> str:
        return self.number


class RequiredCourse(TenantModel):
    """A course every staff member with this role must hold a current certificate of."""

    role = models.CharField(_("role"), max_length=32, choices=Role)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="required_for")

    class Meta:
        ordering: ClassVar[list[str]] = ["role"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "role", "course"], name="outreach_requiredcourse_once"),
        ]

    def __str__(self) -> str:
        return f"{self.role} requires {self.course_id}"


class TrainingPolicy(TenantModel):
    """The agency's training settings. `block_case_data` (off by default): staff with a case role see no case data
    until they hold a current trauma-informed care certificate."""

    block_case_data = models.BooleanField(
        _("Staff must complete trauma-informed care before seeing case data"), default=False
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="outreach_trainingpolicy_one_per_agency"),
        ]

    def __str__(self) -> str:
        return f"training policy {self.pk}"
