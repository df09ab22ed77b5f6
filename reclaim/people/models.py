"""Survivor identity: the PII lives here, encrypted, with blind indexes for exact search."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Team, TenantModel, User
from reclaim.core.fields import EncryptedDateField, EncryptedTextField


class Gender(models.TextChoices):
    """HTCDS v2.0 `prs_Gender`."""

    FEMININE = "Feminine", _("Woman / feminine")
    MASCULINE = "Masculine", _("Man / masculine")
    TRANS_FEMININE = "TransgenderFeminine", _("Transgender woman")
    TRANS_MASCULINE = "TransgenderMasculine", _("Transgender man")
    NON_CONFORMING = "NonConforming", _("Non-binary / gender non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Prefer not to say / unknown")


class Survivor(TenantModel):
    """A person the agency serves. Names, birth date and phone are ciphertext in the database."""

    reference = models.CharField(_("reference"), max_length=20)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    given_name = EncryptedTextField(_("given name"))
    family_name = EncryptedTextField(_("family name"))
    chosen_name = EncryptedTextField(_("name in use"))
    date_of_birth = EncryptedDateField(_("date of birth"))
    phone = EncryptedTextField(_("phone"))
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    preferred_language = models.CharField(_("preferred language (ISO 639)"), max_length=8, blank=True)
    gender = models.CharField(_("gender"), max_length=32, choices=Gender, default=Gender.UNKNOWN)
    # Blind indexes (HMAC of normalised values): exact search without storing the value in clear.
    name_index = models.CharField(max_length=32, blank=True, editable=False)
    dob_index = models.CharField(max_length=32, blank=True, editable=False)
    phone_index = models.CharField(max_length=32, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    assigned_users: models.ManyToManyField[User, SurvivorAssignment] = models.ManyToManyField(
        User, through="SurvivorAssignment", related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "reference"], name="people_survivor_unique_reference"),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "name_index", "dob_index"], name="people_survivor_name_dob"),
            models.Index(fields=["agency", "dob_index"], name="people_survivor_dob"),
            models.Index(fields=["agency", "phone_index"], name="people_survivor_phone"),
            models.Index(fields=["agency", "team", "-created_at"], name="people_survivor_team"),
            models.Index(fields=["agency", "-created_at"], name="people_survivor_recent"),
        ]

    def __str__(self) -> str:
        return self.reference  # never a name


class SurvivorNameToken(TenantModel):
    """Blind-indexed name parts and phonetic codes, for blocking duplicate candidates."""

    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=32)

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "token"], name="people_nametoken_lookup")]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["survivor", "token"], name="people_nametoken_unique"),
        ]

    def __str__(self) -> str:
        return "name token"


class SurvivorAssignment(TenantModel):
    """Staff assigned to work with a survivor (case managers, clinicians, legal advocates)."""

    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="survivor_assignments")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["survivor", "user"], name="people_assignment_unique"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "user"], name="people_assignment_user")]

    def __str__(self) -> str:
        return "assignment"
