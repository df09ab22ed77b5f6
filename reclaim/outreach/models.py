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
    # Attendance by audience group, {Audience code: count}, recorded after the event (optional; events part).
    attendance_by_group = models.JSONField(_("people who came, by group"), default=dict, blank=True)
    # The public anonymous feedback link (events part): an unguessable token, made when first opened.
    survey_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    survey_open = models.BooleanField(_("feedback survey open"), default=False)
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
    # Volunteers part (issue 10 item 5): the application, the roles they may take and the sign-in invitation.
    languages = EncryptedTextField(_("languages"))
    skills = EncryptedTextField(_("skills and experience"))
    availability = EncryptedTextField(_("availability"))
    motivation = EncryptedTextField(_("why they want to volunteer"))
    roles = models.JSONField(_("roles they may take"), default=list, blank=True)  # VolunteerRole codes
    status_reason = EncryptedTextField(_("reason for the last status change"))
    invitation = models.ForeignKey(
        "accounts.Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["display_name"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "status"], name="outreach_volunteer_status")]

    def __str__(self) -> str:
        return self.display_name


# Campaigns (issue 10 item 1): partners, materials and the results tally -------------------------------------


class LawEnforcementKind(models.TextChoices):
    POLICE = "police", _("Local police")
    STATE_POLICE = "state_police", _("State or regional police")
    FEDERAL = "federal", _("Federal or national agency")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspectorate")
    BORDER = "border", _("Border or immigration service")
    OTHER = "other", _("Other law enforcement")


class CampaignPartner(TenantModel):
    """A partner of a campaign: an organisation of the partner directory (reference data, read through the
    referrals app's selectors) or a law-enforcement partner named here (an agency or unit, never a person).
    Removing a partner keeps the row, marked removed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        "referrals.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name of the agency or unit"), max_length=200, blank=True)
    kind = models.CharField(_("kind of law-enforcement partner"), max_length=20, choices=LawEnforcementKind, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)  # kept, for the record of who worked on what
    removed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(name="") & Q(kind=""))
                | (Q(organization__isnull=True) & ~Q(name="") & ~Q(kind="")),
                name="outreach_partner_directory_or_named",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                condition=Q(organization__isnull=False, removed_at__isnull=True),
                name="outreach_partner_unique_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"partner {self.pk}"


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    LEAFLET = "leaflet", _("Leaflet or flyer")
    VIDEO = "video", _("Video")
    SLIDES = "slides", _("Slides")
    SOCIAL_POST = "social_post", _("Social media post")
    RADIO = "radio", _("Radio or audio spot")
    GUIDE = "guide", _("Guide or handbook")
    OTHER = "other", _("Other")


class CampaignMaterial(TenantModel):
    """One file of a campaign's materials (no personal data). Uploading a new version of a material adds a row
    with the next `number` and marks the one it replaces as superseded; both are kept. The bytes are encrypted
    in the documents storage under a random name; the type is decided from the bytes."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=12)  # ISO 639 code (eng, spa, fr...)
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind, default=MaterialKind.OTHER)
    number = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    original_filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)  # detected from the bytes, never the browser's claim
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=200, unique=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["title", "language", "-number"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["campaign", "title"], name="outreach_material_campaign")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class CampaignTally(TenantModel):
    """One entry of a campaign's results log: anonymous counts for a day and a channel (outreach contacts stay
    anonymous tallies), and what that activity cost. People at events are counted from the events themselves."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    reached_in_person = models.PositiveIntegerField(_("people reached in person"), default=0)
    reached_online = models.PositiveIntegerField(_("estimated online reach"), default=0)
    materials_distributed = models.PositiveIntegerField(_("materials distributed"), default=0)
    hotline_contacts = models.PositiveIntegerField(_("hotline contacts"), default=0)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-on", "-created_at"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(cost__isnull=True) | Q(cost__gte=0), name="outreach_tally_cost"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["campaign", "-on"], name="outreach_tally_campaign")]

    def __str__(self) -> str:
        return f"tally {self.pk}"


# Events: anonymous feedback and follow-ups (issue 10 item 2) ------------------------------------------------


class SurveyPhase(models.TextChoices):
    PRE = "pre", _("Before the event")
    POST = "post", _("After the event")


class SurveySource(models.TextChoices):
    PAPER = "paper", _("Paper form entered by staff")
    LINK = "link", _("Public link")


class EventSurveyResponse(TenantModel):
    """One anonymous answer set to an event's pre/post knowledge survey (reclaim/outreach/surveys/*.json). It
    names no person and no address: not who answered, not who typed it in, not where from. `answers` holds one
    value per item in the definition's order (null = not answered); `total` is the number of correct answers."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="survey_responses")
    phase = models.CharField(_("when"), max_length=4, choices=SurveyPhase)
    survey_code = models.CharField(max_length=40)
    survey_version = models.CharField(max_length=40)
    answers = models.JSONField(default=list)
    total = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=8, choices=SurveySource)

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["event", "phase"], name="outreach_survey_event_phase")]


class EventFollowUp(TenantModel):
    """Something to do after an event (send the slides, book the next training), owned by a staff member of
    the agency; open ones are on the owner's task list. What it says may name partners: encrypted."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="follow_ups")
    what = EncryptedTextField(_("what needs doing"))
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("who does it"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["done_at", "due_on", "created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["owner", "done_at"], name="outreach_followup_owner_open"),
        ]


# Volunteers (issue 10 item 5) ----------------------------------------------------------------------------------


class VolunteerRole(models.TextChoices):
    """What a volunteer may do, and the kind of an assignment."""

    GROUP_SUPPORT = "group_support", _("Group facilitation support")
    EVENTS = "events", _("Events")
    TRANSPORT = "transport", _("Transport")
    INTERPRETING = "interpreting", _("Interpreting")
    CHILDCARE = "childcare", _("Childcare at events")
    OFFICE = "office", _("Office")
    OTHER = "other", _("Other")


class ScreeningKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    REFERENCES = "references", _("References")
    BACKGROUND_CHECK = "background_check", _("Background check")


class ScreeningStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    WAIVED = "waived", _("Waived")


class VolunteerScreening(TenantModel):
    """One screening step of a volunteer (one row per kind). A waived step carries its reason in `note`."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="screenings")
    kind = models.CharField(_("step"), max_length=20, choices=ScreeningKind)
    status = models.CharField(_("status"), max_length=12, choices=ScreeningStatus, default=ScreeningStatus.NOT_STARTED)
    done_on = models.DateField(_("date"), null=True, blank=True)
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["kind"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["volunteer", "kind"], name="outreach_screening_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.status}"


class AgreementKind(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", _("Confidentiality agreement")
    CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct")
    VOLUNTEER_AGREEMENT = "volunteer_agreement", _("Volunteer agreement")


class VolunteerAgreement(TenantModel):
    """An agreement a volunteer signed (signing again adds a row; the latest one counts)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("agreement"), max_length=24, choices=AgreementKind)
    signed_on = models.DateField(_("signed on"))
    document_version = models.CharField(_("version of the text"), max_length=40, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["kind", "-signed_on"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("signed_on")),
                name="outreach_agreement_expires_after_signing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.signed_on}"


class AssignmentStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined by the volunteer")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class VolunteerAssignment(TenantModel):
    """A task offered to a volunteer: what, when, where (encrypted; may be confidential), and at most the alias of
    the person helped. Never a link to a case: the volunteer sees the alias, the time and the place, nothing else."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField(_("kind of task"), max_length=20, choices=VolunteerRole)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = EncryptedTextField(_("place"))
    place_is_confidential = models.BooleanField(_("the place is confidential"), default=False)
    event = models.ForeignKey(
        OutreachEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="volunteer_assignments"
    )
    person_alias = EncryptedTextField(_("alias of the person helped"))
    details = EncryptedTextField(_("what to know"))
    status = models.CharField(_("status"), max_length=12, choices=AssignmentStatus, default=AssignmentStatus.OFFERED)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-starts_at"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="outreach_assignment_times_in_order",
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["volunteer", "-starts_at"], name="outreach_assignment_when"),
            models.Index(fields=["agency", "status"], name="outreach_assignment_status"),
        ]

    def __str__(self) -> str:
        return self.title


class HoursStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")


class VolunteerHours(TenantModel):
    """Hours a volunteer logged against one of their assignments; a coordinator approves them (and may correct
    the number: `hours_logged` keeps what the volunteer entered)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="hours")
    assignment = models.ForeignKey(VolunteerAssignment, on_delete=models.PROTECT, related_name="hours")
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    hours_logged = models.DecimalField(_("hours as logged"), max_digits=4, decimal_places=2)
    note = EncryptedTextField(_("note"))
    status = models.CharField(_("status"), max_length=12, choices=HoursStatus, default=HoursStatus.SUBMITTED)
    logged_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-worked_on"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="outreach_volunteer_hours_in_a_day"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["volunteer", "-worked_on"], name="outreach_hours_when"),
            models.Index(fields=["agency", "status"], name="outreach_hours_status"),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h on {self.worked_on}"


class VolunteerThanks(TenantModel):
    """A thank-you note a coordinator recorded for a volunteer (recognition, shown on the volunteer's page)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="thanks")
    note = EncryptedTextField(_("thank-you note"))
    written_on = models.DateField(_("date"))
    written_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["-written_on", "-created_at"]

    def __str__(self) -> str:
        return f"thanks {self.written_on}"


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
