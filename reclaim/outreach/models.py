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


# --- Stories (issue 10 item 4) ------------------------------------------------------------------------------------


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_REVIEW = "awaiting_review", _("Waiting for the survivor's review")
    APPROVED = "approved", _("Approved by the survivor")
    CHANGES_REQUESTED = "changes_requested", _("The survivor asked for changes")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Attribution(models.TextChoices):
    """How a story may be credited. Anything but ANONYMOUS names the survivor, so it needs a media consent that
    covers their identity (the consent's data classes include `identity`)."""

    ANONYMOUS = "anonymous", _("Anonymous")
    FIRST_NAME = "first_name", _("First name only")
    CHOSEN_NAME = "chosen_name", _("The name they use")
    FULL_NAME = "full_name", _("Full name")


class StoryReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved as it is")
    CHANGES_REQUESTED = "changes_requested", _("Asked for changes")


class StoryReviewHow(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PORTAL = "portal", _("Through the survivor portal")
    PHONE = "phone", _("By phone")


class StoryWithdrawReason(models.TextChoices):
    SURVIVOR_ASKED = "survivor_asked", _("The survivor asked to withdraw it")
    CONSENT_REVOKED = "consent_revoked", _("The media consent was taken back")
    CONSENT_ENDED = "consent_ended", _("The media consent expired")
    STAFF_DECISION = "staff_decision", _("The team decided not to use it")


class Story(TenantModel):
    """A survivor's story or testimonial for campaigns. It stands on one media consent of the case's survivor and
    is shown to outreach staff only while approved by the survivor and that consent is live; it is withdrawn
    (with every use in a campaign ended) the moment the consent is taken back. The text, the quote and the name
    it is credited under are encrypted; outreach staff never see the case it belongs to."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey("consent.ConsentRecord", on_delete=models.PROTECT, related_name="+")
    title = EncryptedTextField(_("title"))
    text = EncryptedTextField(_("story"))
    quote = EncryptedTextField(_("quote for campaigns"))
    attribution = models.CharField(_("credited as"), max_length=12, choices=Attribution, default=Attribution.ANONYMOUS)
    # The name it is credited under, taken from the survivor's record when drafted (empty when anonymous); the
    # survivor reviews it with the text.
    credit_name = EncryptedTextField(_("credited name"))
    status = models.CharField(_("status"), max_length=20, choices=StoryStatus, default=StoryStatus.DRAFT)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_outcome = models.CharField(_("survivor's answer"), max_length=20, choices=StoryReviewOutcome, blank=True)
    review_how = models.CharField(_("how they reviewed it"), max_length=12, choices=StoryReviewHow, blank=True)
    review_note = EncryptedTextField(_("review note"))
    reviewed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(
        _("why it was withdrawn"), max_length=20, choices=StoryWithdrawReason, blank=True
    )
    withdrawn_note = EncryptedTextField(_("withdrawal note"))
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "status"], name="outreach_story_status"),
            models.Index(fields=["consent"], name="outreach_story_consent"),
            models.Index(fields=["case", "-created_at"], name="outreach_story_case"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False), name="outreach_story_withdrawn_at"
            ),
        ]

    def __str__(self) -> str:
        return f"story {self.pk}"  # never the title: it may say who


class StoryUse(TenantModel):
    """A story used in a campaign. It ends when someone takes it out of the campaign or the story is withdrawn."""

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="uses")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="story_uses")
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["story", "campaign"], condition=Q(ended_at__isnull=True), name="outreach_story_use_once"
            ),
        ]

    def __str__(self) -> str:
        return f"story use {self.pk}"
