"""Survivor identity: the PII lives here, encrypted, with blind indexes for exact search."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Team, TenantModel, User, unindexed_agency
from reclaim.core.fields import EncryptedDateField, EncryptedTextField


class Gender(models.TextChoices):
    """HTCDS v2.0 `prs_Gender`."""

    FEMININE = "Feminine", _("Woman / feminine")
    MASCULINE = "Masculine", _("Man / masculine")
    TRANS_FEMININE = "TransgenderFeminine", _("Transgender woman")
    TRANS_MASCULINE = "TransgenderMasculine", _("Transgender man")
    NON_CONFORMING = "NonConforming", _("Non-binary / gender non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Prefer not to say / unknown")


class NationalityClass(models.TextChoices):
    """The US nationality class funders count (DOMAIN.md §4.1; OVC TIMS, OTIP TVAP vs DVHT). Left blank when not
    known or not asked: the question is never required."""

    US_CITIZEN = "us_citizen", _("U.S. citizen")
    LPR = "lpr", _("Lawful permanent resident")
    FOREIGN_NATIONAL = "foreign_national", _("Foreign national")


class TriState(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


class ContactChannel(models.TextChoices):
    """How a person may be reached safely (DOMAIN.md §7.3 "safe contact method and times", §10)."""

    CALL = "call", _("Phone call")
    TEXT = "text", _("Text message")
    MESSAGING_APP = "messaging_app", _("Messaging app")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")


class Survivor(TenantModel):
    """A person the agency serves. Names, birth date and phone are ciphertext in the database."""

    agency = unindexed_agency()  # people_survivor_team starts with it

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
    # A coded class like gender (no country, no document): funders count it, and reports group by it in SQL.
    nationality_class = models.CharField(
        _("citizenship or immigration status"), max_length=20, choices=NationalityClass, blank=True
    )
    # The survivor's own contact safety: whether, how and when staff may reach them without risk.
    safe_to_contact = models.CharField(_("safe to contact"), max_length=8, choices=TriState, default=TriState.UNKNOWN)
    safe_channel = models.CharField(_("safe channel"), max_length=16, choices=ContactChannel, blank=True)
    safe_times = EncryptedTextField(_("safe times"))
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


class SurvivorMatchKey(models.Model):
    """One blocking key of a survivor for the duplicate check (people/blocking.py): an integer blind index of a
    pair of names, a name with a letter left out, phonetic codes or a single name.

    About twenty rows a person, so the row is kept small: an integer key and id, no timestamps (rows are only ever
    replaced whole, by the action that changes the names). It still carries its agency, like every tenant row."""

    id = models.BigAutoField(primary_key=True)
    # no index of its own: the lookup index starts with the agency (one index fewer to write on the largest table)
    agency = unindexed_agency()
    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="match_keys")
    key = models.BigIntegerField()

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "key"], name="people_matchkey_lookup")]

    def __str__(self) -> str:
        return "match key"


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


class RelationKind(models.TextChoices):
    FAMILY_MEMBER = "family_member", _("Family member")
    DEPENDANT = "dependant", _("Dependant")
    EMERGENCY_CONTACT = "emergency_contact", _("Emergency contact")
    SUPPORT_PERSON = "support_person", _("Support person")
    PROFESSIONAL = "professional", _("Professional")
    OTHER = "other", _("Other")


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    PARTNER = "partner", _("Partner or spouse")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FRIEND = "friend", _("Friend")
    OTHER = "other", _("Other")


class ChildLocation(models.TextChoices):
    WITH_SURVIVOR = "with_survivor", _("With the survivor")
    HOME_COUNTRY = "home_country", _("In the home country")
    IN_CARE = "in_care", _("In care")
    UNKNOWN = "unknown", _("Not known")


class SafeToContact(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ASK_FIRST = "ask_first", _("Ask the survivor first")
    UNKNOWN = "unknown", _("Not known")


class Relation(TenantModel):
    """A family member, dependant or contact of a survivor (belongs to the person, not one case).

    Identity, contact details, notes, the reason not to contact and safe times are ciphertext.
    Archived, never deleted. Someone possibly connected to the trafficking is never marked safe."""

    agency = unindexed_agency()  # people_relation_survivor starts with it

    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="relations")
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind, default=RelationKind.OTHER)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship, blank=True)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    email = EncryptedTextField(_("email"))
    address = EncryptedTextField(_("address"))
    notes = EncryptedTextField(_("notes"))
    date_of_birth = EncryptedDateField(_("date of birth"))
    lives_with_survivor = models.CharField(
        _("lives with the survivor"), max_length=8, choices=TriState, default=TriState.UNKNOWN
    )
    child_location = models.CharField(_("where the child is now"), max_length=16, choices=ChildLocation, blank=True)
    safe_to_contact = models.CharField(
        _("safe to contact"), max_length=10, choices=SafeToContact, default=SafeToContact.UNKNOWN
    )
    unsafe_reason = EncryptedTextField(_("why not to contact"))
    safe_channel = models.CharField(_("safe channel"), max_length=16, choices=ContactChannel, blank=True)
    safe_times = EncryptedTextField(_("safe times"))
    connected_to_trafficking = models.BooleanField(_("possibly connected to the trafficking"), default=False)
    version = models.PositiveIntegerField(default=1)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "survivor", "archived_at"], name="people_relation_survivor"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(connected_to_trafficking=False) | ~Q(safe_to_contact__in=["yes", "ask_first"]),
                name="people_relation_connected_never_safe",
            ),
        ]

    def __str__(self) -> str:
        return "relation"  # never a name

    @property
    def do_not_contact(self) -> bool:
        return self.connected_to_trafficking or self.safe_to_contact == SafeToContact.NO
