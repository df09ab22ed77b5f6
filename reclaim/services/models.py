"""Services: the taxonomy (versioned reference data), funder mappings and the service delivery log.

A ServiceRecord is one service given to a survivor (or a family member) on a date. Records are never deleted:
a wrong one is voided with a reason, so reports stay reproducible. Records written by another module
(a group session's attendance, a kept appointment) carry `source_kind` + `source_id`, and a unique constraint
makes that write idempotent: each attendance is counted once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User, unindexed_agency
from reclaim.cases.models import Case, NoteConfidentiality
from reclaim.core.fields import EncryptedTextField
from reclaim.core.models import BaseModel
from reclaim.core.refdata import SERVICE_CATEGORY, SERVICE_CATEGORY_INCLUDES, SERVICE_TYPE, shipped_label
from reclaim.funding.models import Grant
from reclaim.people.models import Relation
from reclaim.plans.models import Goal


class ServiceCategory(BaseModel):
    """A top-level category of DOMAIN.md §5 (e.g. `psychological_support`), mapped to HTCDS spl_Type codes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=120)
    includes = models.CharField(_("includes"), max_length=200, blank=True)
    htcds_plan_types = models.JSONField(_("HTCDS support-plan types"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    introduced_in = models.CharField(_("introduced in taxonomy version"), max_length=16, blank=True)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["position"]
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.display_label

    @property
    def is_shipped(self) -> bool:
        """Installed from reclaim/services/taxonomy.py (which stamps the taxonomy version), not added by hand."""
        return bool(self.introduced_in)

    @property
    def display_label(self) -> str:
        return shipped_label(self.label, SERVICE_CATEGORY, shipped=self.is_shipped)

    @property
    def display_includes(self) -> str:
        return shipped_label(self.includes, SERVICE_CATEGORY_INCLUDES, shipped=self.is_shipped)


class ServiceType(BaseModel):
    """A kind of service inside a category; `code` is "<category>.<type>", e.g. `psychological_support.cbt`."""

    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="types")
    code = models.CharField(_("code"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    introduced_in = models.CharField(_("introduced in taxonomy version"), max_length=16, blank=True)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["category__position", "position"]

    def __str__(self) -> str:
        return self.display_label

    @property
    def is_shipped(self) -> bool:
        """Installed from reclaim/services/taxonomy.py (which stamps the taxonomy version), not added by hand."""
        return bool(self.introduced_in)

    @property
    def display_label(self) -> str:
        return shipped_label(self.label, SERVICE_TYPE, shipped=self.is_shipped)


class FunderScheme(BaseModel):
    """A funder's list of service categories (e.g. OTIP DVHT), to which our categories map."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class FunderMapping(BaseModel):
    """Our category -> the funder's category, in mapping version `version`, in force from `effective_from`
    (empty = from the start). A funder change adds rows under a new version; old rows stay for history."""

    scheme = models.ForeignKey(FunderScheme, on_delete=models.PROTECT, related_name="mappings")
    version = models.PositiveSmallIntegerField(_("mapping version"))
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="+")
    funder_category = models.CharField(_("funder's category"), max_length=120)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["scheme", "version", "category"], name="services_mapping_unique"),
        ]

    def __str__(self) -> str:
        return self.funder_category


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    OTHER = "other", _("Other")


class Provision(models.TextChoices):
    DIRECT = "direct", _("Given by our agency")
    REFERRED = "referred", _("Given by a partner we referred to")


class ServiceOutcome(models.TextChoices):
    COMPLETED = "completed", _("Given as planned")
    PARTIAL = "partial", _("Partly given")
    DECLINED = "declined", _("Declined by the survivor")
    NOT_GIVEN = "not_given", _("Could not be given")


class ServiceSource(models.TextChoices):
    MANUAL = "", _("Entered by staff")
    GROUP_SESSION = "group_session", _("Group session attendance")
    APPOINTMENT = "appointment", _("Appointment")


MAX_DURATION_MINUTES = 24 * 60


class ServiceRecord(TenantModel):
    agency = unindexed_agency()  # services_record_agency_date starts with it
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="services", db_index=False
    )  # services_record_case_date starts with it
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    # Copied from the type so reports can group by category without a join.
    category_code = models.CharField(max_length=40)
    delivered_on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    provider = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    provider_organisation = models.CharField(_("partner agency that gave it"), max_length=200, blank=True)
    provision = models.CharField(_("given by"), max_length=12, choices=Provision, default=Provision.DIRECT)
    mode = models.CharField(_("how"), max_length=12, choices=DeliveryMode, default=DeliveryMode.IN_PERSON)
    location = EncryptedTextField(_("where (optional)"))
    recipient = models.ForeignKey(
        Relation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the survivor received it; a family member otherwise."),
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="services", db_index=False
    )  # services_record_goal starts with it
    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="services", db_index=False
    )  # services_record_grant starts with it
    cost = models.DecimalField(_("direct cost"), max_digits=10, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ServiceOutcome, blank=True)
    notes = EncryptedTextField(_("notes"))
    notes_confidentiality = models.CharField(
        _("who may read the notes"), max_length=16, choices=NoteConfidentiality, default=NoteConfidentiality.GENERAL
    )
    source_kind = models.CharField(max_length=20, choices=ServiceSource, blank=True, default="")
    source_id = models.UUIDField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    void_reason = EncryptedTextField(_("why it was voided"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-delivered_on", "-created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "delivered_on"], name="services_record_case_date"),
            models.Index(fields=["agency", "delivered_on"], name="services_record_agency_date"),
            models.Index(fields=["agency", "category_code", "delivered_on"], name="services_record_category"),
            models.Index(fields=["goal"], name="services_record_goal"),
            models.Index(fields=["grant", "delivered_on"], name="services_record_grant"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "case"],
                condition=Q(source_id__isnull=False, voided_at__isnull=True),
                name="services_record_once_per_source",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="services_record_duration_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"service {self.pk}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


# Group programs ----------------------------------------------------------------------------------------------
# A group program (support group, CBT group, life-skills class, vocational course) runs sessions; survivors from
# the agency's cases enrol; attendance at a session writes one service record per person present (source
# "group_session"). Places are encrypted and never appear in titles, URLs or timeline parameters.


class GroupKind(models.TextChoices):
    SUPPORT_GROUP = "support_group", _("Support group")
    CBT_GROUP = "cbt_group", _("CBT group")
    LIFE_SKILLS = "life_skills", _("Life-skills or financial-literacy class")
    VOCATIONAL = "vocational", _("Vocational course")
    OTHER = "other", _("Other")


# The service type an attendance is recorded as, when the program does not name another one.
GROUP_KIND_SERVICE_TYPES: dict[str, str] = {
    GroupKind.SUPPORT_GROUP: "support_group.peer",
    GroupKind.CBT_GROUP: "psychological_support.cbt",
    GroupKind.LIFE_SKILLS: "life_skills.daily_living",
    GroupKind.VOCATIONAL: "vocational_training.course",
    GroupKind.OTHER: "support_group.therapeutic",
}


class GroupStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class GroupProgram(TenantModel):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind of group"), max_length=20, choices=GroupKind, default=GroupKind.SUPPORT_GROUP)
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    description = EncryptedTextField(_("description"))
    facilitators: models.ManyToManyField[User, GroupFacilitator] = models.ManyToManyField(
        User, through="GroupFacilitator", related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    location = EncryptedTextField(_("usual place"))
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="group_programs")
    status = models.CharField(_("status"), max_length=12, choices=GroupStatus, default=GroupStatus.PLANNED)
    recurrence = models.CharField(_("repeat rule (RFC 5545 RRULE)"), max_length=200, blank=True)
    completion_percent = models.PositiveSmallIntegerField(_("share of sessions to attend to complete (%)"), default=75)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-starts_on", "name"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "status", "-starts_on"], name="services_group_agency_status"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="services_group_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(completion_percent__gte=1, completion_percent__lte=100),
                name="services_group_completion_percent",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="services_group_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"group {self.pk}"


class GroupFacilitator(TenantModel):
    program = models.ForeignKey(GroupProgram, on_delete=models.CASCADE, related_name="facilitator_links")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["program", "user"], name="services_group_facilitator_unique"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "user"], name="services_facilitator_user")]

    def __str__(self) -> str:
        return "facilitator"


MAX_SESSION_MINUTES = 8 * 60


class GroupSession(TenantModel):
    program = models.ForeignKey(GroupProgram, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=90)
    location = EncryptedTextField(_("place, if not the usual one"))
    topic = EncryptedTextField(_("topic"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    attendance_taken_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "starts_at"], name="services_session_agency_start"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["program", "starts_at"], name="services_session_unique_start"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=MAX_SESSION_MINUTES),
                name="services_session_duration",
            ),
        ]

    def __str__(self) -> str:
        return f"session {self.pk}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Taking part")
    COMPLETED = "completed", _("Completed")
    LEFT = "left", _("Left")


class LeaveReason(models.TextChoices):
    CHOSE_TO_LEAVE = "chose_to_leave", _("Chose to leave")
    SCHEDULE = "schedule", _("The times no longer suit")
    MOVED = "moved", _("Moved away")
    WORK_OR_STUDY = "work_or_study", _("Started work or study")
    NOT_SUITABLE = "not_suitable", _("The group was not the right fit")
    OTHER = "other", _("Other")


class GroupEnrolment(TenantModel):
    program = models.ForeignKey(GroupProgram, on_delete=models.PROTECT, related_name="enrolments")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="group_enrolments")
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus, default=EnrolmentStatus.ENROLLED)
    enrolled_on = models.DateField(_("enrolled on"))
    enrolled_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("why they left"), max_length=20, choices=LeaveReason, blank=True)
    leave_note = EncryptedTextField(_("note about leaving"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["enrolled_on", "created_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["program", "case"], condition=~Q(status="left"), name="services_enrolment_once_per_case"
            ),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["case"], name="services_enrolment_case")]

    def __str__(self) -> str:
        return f"enrolment {self.pk}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class GroupAttendance(TenantModel):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(GroupEnrolment, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="services_attendance_once"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["enrolment", "status"], name="services_attendance_enrol")]

    def __str__(self) -> str:
        return f"attendance {self.pk}"


class Certificate(TenantModel):
    enrolment = models.OneToOneField(GroupEnrolment, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=32)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "number"], name="services_certificate_unique_number"),
        ]

    def __str__(self) -> str:
        return self.number
