"""Appointments with survivors, their reminders, and the staff's private calendar-feed tokens.

An appointment belongs to a case and is held by staff attendees (or a partner agency). Its purpose text,
place, video link, interpreter language, partner name and outcome note are encrypted: a place may be a
shelter's address. The iCalendar UID is random and stored, never derived from an id (DOMAIN.md §12.3).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User, unindexed_agency
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedTextField
from reclaim.services.models import ServiceType

PURPOSE_MAX_LENGTH = 200
PLACE_MAX_LENGTH = 300
OUTCOME_NOTE_MAX_LENGTH = 2000
PARTNER_MAX_LENGTH = 200
VIDEO_LINK_MAX_LENGTH = 500
LANGUAGE_MAX_LENGTH = 60
# The longest an appointment may last (checked when it is booked or moved): a calendar's reads rely on it to bound
# the start times they read (an appointment overlapping a day started at most this long before it).
MAX_DURATION = datetime.timedelta(hours=12)


def new_ical_uid() -> str:
    """A random iCalendar UID: 128 random bits, nothing derived from the appointment or the case."""
    return f"{uuid.uuid4().hex}@reclaim"


class AppointmentMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    KEPT = "kept", _("Kept")
    NO_SHOW = "no_show", _("Missed (did not come)")
    CANCELLED_BY_SURVIVOR = "cancelled_by_survivor", _("Cancelled by the survivor")
    CANCELLED_BY_AGENCY = "cancelled_by_agency", _("Cancelled by us")
    RESCHEDULED = "rescheduled", _("Moved to another time")


CANCELLED_STATUSES = (
    AppointmentStatus.CANCELLED_BY_SURVIVOR,
    AppointmentStatus.CANCELLED_BY_AGENCY,
    AppointmentStatus.RESCHEDULED,
)
OUTCOME_STATUSES = (AppointmentStatus.KEPT, AppointmentStatus.NO_SHOW)


class Appointment(TenantModel):
    agency = unindexed_agency()  # scheduling_appt_agency_start starts with it
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="appointments", db_index=False
    )  # scheduling_appt_case_start starts with it
    attendees: models.ManyToManyField[User, AppointmentAttendee] = models.ManyToManyField(
        User, through="AppointmentAttendee", related_name="+"
    )
    partner_name = EncryptedTextField(_("partner agency (optional)"))
    service_type = models.ForeignKey(
        ServiceType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of service"),
    )
    purpose = EncryptedTextField(_("what it is for (optional)"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("how"), max_length=12, choices=AppointmentMode, default=AppointmentMode.IN_PERSON)
    place = EncryptedTextField(_("place (optional)"))
    place_confidential = models.BooleanField(_("confidential place (for example a shelter)"), default=False)
    video_link = EncryptedTextField(_("video link (optional)"))
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpreter_language = EncryptedTextField(_("interpreter's language (optional)"))
    status = models.CharField(_("status"), max_length=24, choices=AppointmentStatus, default=AppointmentStatus.BOOKED)
    outcome_note = EncryptedTextField(_("note on how it went (optional)"))
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rescheduled_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="rescheduled_to"
    )
    ical_uid = models.CharField(max_length=80, unique=True, default=new_ical_uid, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "status", "starts_at"], name="scheduling_appt_agency_start"),
            models.Index(fields=["case", "starts_at"], name="scheduling_appt_case_start"),
            # the task list's appointments still booked (todays_and_unrecorded_rows): read from 90 days ago in
            # date order, each checked for the user among its attendees, up to the first TASK_LIMIT; without it
            # the database read every appointment and sorted those of the user (issue 12)
            models.Index(fields=["status", "starts_at"], name="scheduling_appt_status_start"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="scheduling_appt_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"appointment {self.pk}"

    @property
    def is_booked(self) -> bool:
        return self.status == AppointmentStatus.BOOKED

    @property
    def is_cancelled(self) -> bool:
        return self.status in CANCELLED_STATUSES

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class AppointmentAttendee(TenantModel):
    """A staff member of the agency who holds the appointment (at least one, unless a partner holds it)."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="attendee_links", db_index=False
    )  # scheduling_attendee_unique starts with it
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # scheduling_attendee_user starts with it

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["appointment", "user"], name="scheduling_attendee_unique"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["user", "appointment"], name="scheduling_attendee_user")]

    def __str__(self) -> str:
        return "appointment attendee"


class ReminderChannel(models.TextChoices):
    IN_APP = "in_app", _("In Reclaim (task list)")
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not needed any more")
    FAILED = "failed", _("Could not be sent")


class Reminder(TenantModel):
    """One reminder of one appointment to one staff member on one channel. Reminders never go to survivors
    yet: that needs a survivor-contact consent (issue 6)."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="reminders", db_index=False
    )  # scheduling_reminder_unique starts with it
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=ReminderChannel)
    send_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=ReminderStatus, default=ReminderStatus.PENDING)

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["status", "send_at"], name="scheduling_reminder_due")]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["appointment", "recipient", "channel", "send_at"], name="scheduling_reminder_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"reminder {self.pk}"


class CalendarFeedToken(TenantModel):
    """A staff member's private calendar-feed address. Only the SHA-256 of the secret is stored; revoking
    it makes the address answer 404 at once. One live token per user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    include_places = models.BooleanField(_("show places of appointments that are not confidential"), default=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="scheduling_feedtoken_one_live"
            ),
        ]

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"
