"""The survivor's own line to the case team (DOMAIN.md §13): portal access, settings per agency.

The survivor-facing pages live in reclaim/portal (an interface); what they read and write lives here, so the
portal, like every interface, goes through selectors, access and actions. A portal account is not a staff
User: it can never pass a staff permission check, and the portal middleware answers 404 to a survivor's
session on every staff route.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Agency, TenantModel, User
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedTextField
from reclaim.people.models import Survivor

DEFAULT_EXIT_URL = "https://www.google.com/search?q=weather"


class DisguiseIcon(models.TextChoices):
    """The neutral icon of an agency's portal pages and installed app (static/portal/icons/<value>.svg)."""

    LEAF = "leaf", _("Leaf")
    SUN = "sun", _("Sun")
    CLOUD = "cloud", _("Cloud")
    BOOK = "book", _("Book")


class PortalSettings(TenantModel):
    """How an agency's portal looks and behaves. One row per agency, made on first save."""

    # A neutral code in the portal's entry link (/portal/go/<code>/): never the agency's name.
    entry_code = models.CharField(_("entry code"), max_length=16, unique=True)
    disguise_name = models.CharField(
        _("name shown on portal pages"),
        max_length=40,
        blank=True,
        help_text=_("A neutral name such as 'Daily tips'. Empty: 'Resources'."),
    )
    exit_url = models.URLField(_("quick-exit site"), max_length=300, default=DEFAULT_EXIT_URL)
    # [{"label": "...", "number": "...", "text": "...", "country": "US", "note": "..."}] shown first, in order.
    hotlines = models.JSONField(_("immediate help numbers"), default=list, blank=True)
    idle_minutes = models.PositiveSmallIntegerField(_("sign out after idle minutes"), default=10)
    message_retention_days = models.PositiveIntegerField(_("keep portal messages for (days)"), default=365)
    # Outside these local hours an urgent check-in also goes to the on-call supervisor.
    office_opens = models.TimeField(_("office opens"), default="09:00")
    office_closes = models.TimeField(_("office closes"), default="17:00")
    on_call = models.ForeignKey(
        User,
        verbose_name=_("on-call supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    disguise_icon = models.CharField(
        _("icon shown on portal pages"), max_length=12, choices=DisguiseIcon, default=DisguiseIcon.LEAF
    )

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="connect_one_portal_settings_per_agency"),
        ]

    def __str__(self) -> str:
        return self.entry_code


class AccessStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the person to activate")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class PortalAccount(TenantModel):
    """A survivor's sign-in to the portal, made by their case manager and tied to one case.

    No e-mail or phone: the sign-in name is kept only as a blind index (it may be a real name), the
    passphrase as an Argon2 hash, the activation code as a blind index until it is used.
    """

    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=AccessStatus, default=AccessStatus.PENDING)
    username_index = models.CharField(max_length=64, blank=True, db_index=True)
    passphrase = models.CharField(max_length=255, blank=True)
    totp_secret = EncryptedTextField(_("authenticator secret"))
    activation_index = models.CharField(max_length=64, blank=True, db_index=True)
    activation_expires_at = models.DateTimeField(null=True, blank=True)
    # Raised by "sign out everywhere", suspension and a new activation code: every older session ends.
    session_generation = models.PositiveIntegerField(default=1)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    # The survivor's chosen safe way to be reached (free text: "text only, after 6 pm"), shown with alerts.
    safe_contact = EncryptedTextField(_("safe way to reach me"))
    # Optional neutral "you have a new message" note; the address is kept encrypted.
    notify_email = EncryptedTextField(_("address for a neutral new-message note"))
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    activated_at = models.DateTimeField(null=True, blank=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["survivor"],
                condition=~models.Q(status="closed"),
                name="connect_one_open_portal_account_per_survivor",
            ),
            models.UniqueConstraint(
                fields=["username_index"],
                condition=~models.Q(username_index=""),
                name="connect_unique_portal_username",
            ),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "status"], name="connect_account_status")]

    def __str__(self) -> str:
        return f"portal account {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == AccessStatus.ACTIVE


# --- Check-ins and secure messages (issue 9 items 5 and 6) -------------------------------------


class Feeling(models.TextChoices):
    GOOD = "good", _("Good")
    OKAY = "okay", _("Okay")
    LOW = "low", _("Not so good")
    BAD = "bad", _("Bad")


class Safety(models.TextChoices):
    SAFE = "safe", _("Safe")
    NOT_SURE = "not_sure", _("Not sure")
    NOT_SAFE = "not_safe", _("Not safe")
    HELP_NOW = "help_now", _("I need help now")


URGENT_SAFETY = frozenset({Safety.NOT_SAFE, Safety.HELP_NOW})


class CheckIn(TenantModel):
    """ "How are you? Are you safe?" from the survivor. Not safe / help now raise an urgent alert that stays
    open until a worker acknowledges it with what was done."""

    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    feeling = models.CharField(max_length=12, choices=Feeling, blank=True)
    safety = models.CharField(max_length=12, choices=Safety, blank=True)
    note = EncryptedTextField(_("note"))
    urgent = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action_taken = EncryptedTextField(_("what was done"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "urgent", "acknowledged_at"], name="connect_checkin_open"),
            models.Index(fields=["case", "-created_at"], name="connect_checkin_case"),
        ]

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    @property
    def is_open_alert(self) -> bool:
        return self.urgent and self.acknowledged_at is None


class CheckInSchedule(TenantModel):
    """The survivor's own choice to check in every few days; a missed one is a softer task for the team."""

    account = models.OneToOneField(PortalAccount, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    every_days = models.PositiveSmallIntegerField(default=0)  # 0: off
    started_at = models.DateTimeField()
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    # The due date whose miss is already on the timeline (so the periodic job writes it once).
    missed_recorded_for = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"check-in schedule {self.pk}"


class MessageThread(TenantModel):
    """A conversation between the survivor and the case team (case workers who may read the case)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="+")
    subject = EncryptedTextField(_("subject"))
    started_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    last_message_at = models.DateTimeField()

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["case", "-last_message_at"], name="connect_thread_case")]

    def __str__(self) -> str:
        return f"thread {self.pk}"


class PortalMessage(TenantModel):
    """One message. Read receipts are for staff: `read_by_survivor_at` is shown to them; the survivor is never
    shown whether staff read theirs (`read_by_staff_at` only drives the team's unread count)."""

    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    from_survivor = models.BooleanField(default=False)
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    body = EncryptedTextField(_("message"))
    read_by_survivor_at = models.DateTimeField(null=True, blank=True)
    read_by_staff_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["thread", "created_at"], name="connect_message_thread"),
            models.Index(fields=["agency", "created_at"], name="connect_message_age"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"


class MessageAttachment(TenantModel):
    """A file with a message: PDF, JPEG or PNG up to 5 MB, stored encrypted under a random name."""

    message = models.ForeignKey(PortalMessage, on_delete=models.CASCADE, related_name="attachments")
    storage_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    filename = EncryptedTextField(_("file name"))

    def __str__(self) -> str:
        return f"attachment {self.pk}"


# ============================================================================================
# The survivor's own page (issue 9 item 4): documents shared with them, and consents they took back.
# ============================================================================================


class PortalShare(TenantModel):
    """A case document a staff member shared with the survivor's portal account. Withdrawing stamps
    `withdrawn_at` (kept for the record); the survivor then no longer sees or downloads it."""

    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    shared_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["account", "document"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="connect_one_live_share_per_document",
            ),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["account", "withdrawn_at"], name="connect_share_account")]

    def __str__(self) -> str:
        return f"portal share {self.pk}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class PortalConsentNotice(TenantModel):
    """A consent the survivor took back in the portal: on the task list of the case's lead worker and
    assigned workers until one of them acknowledges it."""

    account = models.ForeignKey(PortalAccount, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey("consent.ConsentRecord", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "acknowledged_at"], name="connect_consent_notice_open"),
        ]

    def __str__(self) -> str:
        return f"consent notice {self.pk}"


__all__ = ["AccessStatus", "Agency", "DisguiseIcon", "PortalAccount", "PortalSettings"]
