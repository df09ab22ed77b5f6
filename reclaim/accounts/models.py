"""Agencies (tenants), staff users, memberships with roles, invitations, keys, tokens and break-glass."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.roles import Role
from reclaim.core.fields import EncryptedTextField
from reclaim.core.models import BaseModel


class OrganisationType(models.TextChoices):
    """HTCDS v2.0 `org_Type` (DOMAIN.md §4.4)."""

    NGO = "NGO", _("Non-governmental organisation")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
    HEALTH = "HealthServiceOrganisation", _("Health service organisation")
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation", _("Central government organisation")
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation", _("Local government organisation")
    IMMIGRATION = "ImmigrationService", _("Immigration service")
    LEGAL = "LegalService", _("Legal service")
    BUSINESS = "CorporateBusiness", _("Corporate business")
    SCHOOL = "SchoolOrCollege", _("School or college")


class Agency(BaseModel):
    """A tenant: every survivor-related row belongs to exactly one agency."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    org_type = models.CharField(
        _("organisation type"), max_length=40, choices=OrganisationType, default=OrganisationType.NGO
    )
    country = models.CharField(_("country (ISO 3166)"), max_length=2, blank=True)
    is_active = models.BooleanField(default=True)
    # Optimistic lock of the agency profile page (accounts:agency_profile), bumped by do_update_agency_profile.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantModel(BaseModel):
    """Every row that belongs to an agency carries a real foreign key to it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


def unindexed_agency() -> models.ForeignKey[Agency, Agency]:
    """TenantModel's agency key without an index of its own, for a table with an index that starts with the
    agency (a lookup or a list in the agency's order): that index serves every read of the agency's rows, and
    one index fewer is written with every row (issue 12)."""
    return models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)


class Team(TenantModel):
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "name"], name="accounts_team_unique_name"),
        ]
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, is_platform_operator=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member (or platform operator). Survivor portal accounts are separate (portal issue)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email"), unique=True)
    display_name = models.CharField(_("name shown to colleagues"), max_length=120)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text=_("May use the configuration admin."))
    is_platform_operator = models.BooleanField(
        default=False, help_text=_("Hosts the platform; sees no case data except through a break-glass grant.")
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.display_name or str(self.id)


class Membership(TenantModel):
    """A user's place in an agency: one role, any number of teams. One active membership per user."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role)
    is_active = models.BooleanField(default=True)
    teams: models.ManyToManyField[Team, TeamMember] = models.ManyToManyField(
        Team, through="TeamMember", blank=True, related_name="memberships"
    )
    # When this agency admin hid the set-up guide from their home page (accounts/setup_guide.py); empty: shown.
    setup_guide_hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_active=True), name="accounts_membership_one_active"
            ),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "role"], name="accounts_membership_role")]

    def __str__(self) -> str:
        return f"{self.role} membership"


class TeamMember(TenantModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="team_links")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["team", "membership"], name="accounts_teammember_unique"),
        ]

    def __str__(self) -> str:
        return "team member"


class Invitation(TenantModel):
    """An agency admin's invitation; the link carries a secret whose hash alone is stored."""

    email = models.EmailField(_("email"))
    display_name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=32, choices=Role)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "-created_at"], name="accounts_invitation_recent")
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class SetupStepMark(TenantModel):
    """A set-up guide step an agency admin marked by hand (accounts/setup_guide.py): a step whose state Reclaim
    cannot read (how the agency takes consent), or one the agency does not need (no earlier records to import).
    One row per agency and step; steps whose state can be read are never ticked by hand."""

    code = models.CharField(max_length=40)
    marked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "code"], name="accounts_setupstepmark_one_per_step"),
        ]

    def __str__(self) -> str:
        return f"set-up step {self.code}"


class AgencyKey(TenantModel):
    """An agency's data key, wrapped by the current master key. One active key per agency."""

    wrapped_key = models.TextField()
    is_active = models.BooleanField(default=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["agency"], condition=Q(is_active=True), name="accounts_agencykey_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"data key {self.pk}"


class ApiToken(BaseModel):
    """A personal API token: `rcl_<prefix>_<secret>`; only the SHA-256 of the whole token is stored."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="api_tokens", null=True, blank=True
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.prefix}"


class BreakGlassGrant(TenantModel):
    """Time-limited emergency access for a platform operator: a reason, an alert, an audit trail."""

    operator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass_grants")
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["operator", "expires_at"], name="accounts_breakglass_live")
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=~Q(reason=""), name="accounts_breakglass_has_reason"),
        ]

    def __str__(self) -> str:
        return f"break-glass grant {self.pk}"

    @property
    def is_live(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class AlertKind(models.TextChoices):
    BREAK_GLASS = "break_glass", _("Emergency access by the platform operator")


class AgencyAlert(TenantModel):
    """Something an agency admin must see and acknowledge. Parameters are ids and codes, not prose."""

    kind = models.CharField(max_length=32, choices=AlertKind)
    grant = models.ForeignKey(BreakGlassGrant, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts")
    acknowledged_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "acknowledged_at"], name="accounts_alert_open")]

    def __str__(self) -> str:
        return f"alert {self.kind}"


class IdempotencyKey(TenantModel):
    """The first answer to an API POST sent with an `Idempotency-Key`, replayed to its retries (docs/api).

    Keyed by whose key it is (`principal`: "token:<id>" or "user:<id>") and the SHA-256 of the key; the request
    is remembered as a hash only. `status_code` stays empty while the first request runs. The stored body can
    hold personal data (a created survivor), so it is encrypted under the agency's key."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    principal = models.CharField(max_length=48)
    key_hash = models.CharField(max_length=64)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    response_body = EncryptedTextField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["principal", "key_hash"], name="accounts_idempotency_key_once"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["expires_at"], name="accounts_idempotency_expiry")]

    def __str__(self) -> str:
        return f"idempotency key {self.pk}"
