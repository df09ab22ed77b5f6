"""Cases: one enrollment of a survivor in the agency's program, its lifecycle, team, timeline and approvals."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Team, TenantModel, User
from reclaim.cases.state import CaseStatus
from reclaim.core.fields import EncryptedTextField
from reclaim.people.models import Survivor


class IdentificationSource(models.TextChoices):
    OUTREACH = "outreach", _("Outreach")
    HOTLINE = "hotline", _("Hotline")
    PARTNER = "partner_referral", _("Partner agency referral")
    LAW_ENFORCEMENT = "law_enforcement", _("Police or law enforcement")
    HEALTH = "health_provider", _("Health provider")
    SELF = "self_referral", _("Self-referral")
    FAMILY = "family_or_friend", _("Family or friend")
    OTHER = "other", _("Other")
    UNKNOWN = "prefer_not_to_say", _("Prefer not to say / unknown")


class TraffickingStatus(models.TextChoices):
    """HTCDS v2.0 `vic_TraffickingStatus`."""

    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class DecisionOrg(models.TextChoices):
    """HTCDS v2.0 `vic_TraffickingStatusDecisionMakingOrg`."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT = "CourtOrProsecution", _("Court or prosecution")
    GOVERNMENT = "NonPoliceGovernmentalOrganization", _("Government (not police)")
    OTHER = "Other", _("Other")


class CloseReason(models.TextChoices):
    """DOMAIN.md §2.3; re-trafficking is never a closure reason."""

    GOALS_MET = "goals_met", _("Goals met")
    DECLINED = "declined_further_services", _("Declined further services")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    RELOCATED = "relocated", _("Relocated")
    RETURNED = "returned_to_country_of_origin", _("Returned to country of origin")
    TRANSFERRED = "transferred", _("Transferred to another agency")
    NOT_ELIGIBLE = "not_eligible_or_not_a_victim", _("Not eligible / not a victim")
    DECEASED = "deceased", _("Deceased")
    FOLLOW_UP_COMPLETED = "follow_up_completed", _("Follow-up completed")
    OTHER = "other", _("Other")


class LivingSituation(models.TextChoices):
    OWN_HOUSING = "own_housing", _("Own or rented housing")
    WITH_FAMILY = "with_family_or_friends", _("With family or friends")
    TRANSITIONAL = "transitional_housing", _("Transitional housing")
    SHELTER = "shelter", _("Shelter")
    RETURNED = "returned_home_country", _("Returned to home country")
    UNKNOWN = "unknown", _("Unknown / prefer not to say")


class ReliefObtained(models.TextChoices):
    T_VISA = "t_visa", _("T visa")
    U_VISA = "u_visa", _("U visa")
    CONTINUED_PRESENCE = "continued_presence", _("Continued Presence")
    HHS_LETTER = "hhs_letter", _("HHS Certification or Eligibility Letter")
    NONE = "none", _("None")


class Case(TenantModel):
    """A survivor's enrollment. Identification place is encrypted (location is PII)."""

    survivor = models.ForeignKey(Survivor, on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("case number"), max_length=24)
    status = models.CharField(_("stage"), max_length=20, choices=CaseStatus, default=CaseStatus.IDENTIFIED)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lead_worker = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    identification_source = models.CharField(
        _("how the person was identified"), max_length=32, choices=IdentificationSource, blank=True
    )
    identification_place = EncryptedTextField(_("where (optional)"))
    is_minor = models.BooleanField(_("under 18 when identified"), null=True, blank=True)
    danger_now = models.BooleanField(_("in danger now"), default=False)
    services_consent_on = models.DateField(_("consent to services recorded on"), null=True, blank=True)
    intake_on = models.DateField(_("intake date"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(_("closure reason"), max_length=40, choices=CloseReason, blank=True)
    living_situation = models.CharField(
        _("living situation at exit"), max_length=32, choices=LivingSituation, blank=True
    )
    relief_obtained = models.CharField(
        _("immigration relief obtained"), max_length=32, choices=ReliefObtained, blank=True
    )
    referred_on = models.BooleanField(_("referred for continued case management"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    assigned_users: models.ManyToManyField[User, CaseAssignment] = models.ManyToManyField(
        User, through="CaseAssignment", related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "number"], name="cases_case_unique_number"),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False), name="cases_case_closed_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(close_reason=""), name="cases_case_closed_has_reason"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "status", "-updated_at"], name="cases_case_agency_status"),
            models.Index(fields=["agency", "team", "-updated_at"], name="cases_case_team"),
            models.Index(fields=["agency", "-updated_at"], name="cases_case_recent"),
        ]

    def __str__(self) -> str:
        return self.number


class CaseAssignment(TenantModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="case_assignments")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case", "user"], name="cases_assignment_unique")
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "user"], name="cases_assignment_user")]

    def __str__(self) -> str:
        return "case assignment"


class StatusDetermination(TenantModel):
    """A dated trafficking-status decision (DOMAIN.md §3.1): a history, never one overwritten field."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="determinations")
    status = models.CharField(_("trafficking status"), max_length=40, choices=TraffickingStatus)
    decided_by = models.CharField(_("decided by"), max_length=40, choices=DecisionOrg)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["case", "-decided_on"], name="cases_determination_case")]

    def __str__(self) -> str:
        return self.status


class EventType(models.TextChoices):
    OPENED = "opened", _("Case opened")
    STATUS_CHANGED = "status_changed", _("Stage changed")
    DETERMINATION = "determination", _("Trafficking status recorded")
    ASSIGNED = "assigned", _("Team or worker changed")
    APPROVAL_REQUESTED = "approval_requested", _("Approval requested")
    APPROVAL_DECIDED = "approval_decided", _("Approval decided")
    REOPENED = "reopened", _("Case reopened")
    HISTORY_ADDED = "history_event_added", _("Trafficking history event recorded")
    HISTORY_CHANGED = "history_event_changed", _("Trafficking history event changed")
    HISTORY_REMOVED = "history_event_removed", _("Trafficking history event removed")
    FLAG_RAISED = "flag_raised", _("Flag raised")
    FLAG_CLEARED = "flag_cleared", _("Flag cleared")
    RE_TRAFFICKING = "re_trafficking_recorded", _("Re-trafficking recorded")


class CaseEvent(TenantModel):
    """An append-only timeline row: a type and parameters of ids and codes, never free text."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=32)  # an EventType value; no DB choices so new types need no migration
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField()
    parameters = models.JSONField(default=dict)

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["case", "-at"], name="cases_event_case_at")]

    def __str__(self) -> str:
        return self.type

    @property
    def type_label(self) -> str:
        return str(EventType(self.type).label) if self.type in EventType.values else self.type


class ApprovalKind(models.TextChoices):
    CLOSE = "close", _("Close the case")
    EXIT_TO_FOLLOW_UP = "exit_to_follow_up", _("Exit to follow-up")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a supervisor")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with comments")


class ApprovalRequest(TenantModel):
    """A request that a supervisor must decide on the server before the case may move."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(max_length=24, choices=ApprovalKind)
    status = models.CharField(max_length=16, choices=ApprovalStatus, default=ApprovalStatus.PENDING)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    close_reason = models.CharField(_("closure reason"), max_length=40, choices=CloseReason, blank=True)
    living_situation = models.CharField(
        _("living situation at exit"), max_length=32, choices=LivingSituation, blank=True
    )
    relief_obtained = models.CharField(
        _("immigration relief obtained"), max_length=32, choices=ReliefObtained, blank=True
    )
    referred_on = models.BooleanField(_("referred for continued case management"), null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = EncryptedTextField(_("comment"))

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"), name="cases_approval_one_pending"),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "status", "-created_at"], name="cases_approval_queue")
        ]

    def __str__(self) -> str:
        return f"{self.kind} approval"


class DatePrecision(models.TextChoices):
    """How much of a remembered date is known; the stored date is the first day of that period."""

    DAY = "day", _("Exact day")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")


class HistoricEvent(TenantModel):
    """One step of the trafficking history (HTCDS `hte_`): recruitment, transit or exploitation.

    Every field but the type may be skipped. Codes come from the reference vocabularies; multi-valued
    codes live in `EventCoding` rows so lists and reports can filter on them. Place and description are
    encrypted (location is PII). Removing an event archives it. Dates may be partial: `started_on` holds
    the first day of its period and `ended_on` the last (a month, a year), with the precision beside it.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history_events")
    type = models.CharField(_("kind of event"), max_length=32)  # hte_Type code
    started_on = models.DateField(_("started"), null=True, blank=True)
    started_precision = models.CharField(max_length=5, choices=DatePrecision, default=DatePrecision.DAY)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_precision = models.CharField(max_length=5, choices=DatePrecision, default=DatePrecision.DAY)
    country = models.CharField(_("country (ISO 3166)"), max_length=2, blank=True)
    place = EncryptedTextField(_("place"))
    description = EncryptedTextField(_("what happened (optional)"))
    relationship_to_trafficker = models.CharField(_("relationship to the trafficker"), max_length=64, blank=True)
    forced_labour_industry = models.CharField(_("industry"), max_length=64, blank=True)
    age_when_trafficked = models.PositiveSmallIntegerField(_("age at the time"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="cases_historicevent_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(age_when_trafficked__isnull=True) | Q(age_when_trafficked__lte=120),
                name="cases_historicevent_age_plausible",
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "started_on"], name="cases_historicevent_case"),
            models.Index(fields=["agency", "type"], name="cases_historicevent_type"),
        ]

    def __str__(self) -> str:
        return self.type


class EventCoding(TenantModel):
    """One vocabulary code on a history event (exploitation type, means of control, ...): a row, not a JSON
    list, so "cases with forced labour" is an indexed EXISTS on SQLite and PostgreSQL alike."""

    event = models.ForeignKey(HistoricEvent, on_delete=models.CASCADE, related_name="codings")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    vocabulary = models.CharField(max_length=64)  # a Vocabulary.code: stable, like the term codes
    code = models.CharField(max_length=64)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["event", "vocabulary", "code"], name="cases_eventcoding_unique"),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "vocabulary", "code"], name="cases_eventcoding_code"),
            models.Index(fields=["case", "vocabulary", "code"], name="cases_eventcoding_case"),
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"


class FlagKind(models.TextChoices):
    SAFETY_CONCERN = "safety_concern", _("Safety concern")
    RE_TRAFFICKING = "re_trafficking", _("Re-trafficking")
    DO_NOT_CONTACT_BY_PHONE = "do_not_contact_by_phone", _("Do not contact by phone")
    OTHER = "other", _("Other")


class CaseFlag(TenantModel):
    """A warning on the case file (shown on every case page) until someone clears it, with a reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("kind"), max_length=32, choices=FlagKind)
    reason = EncryptedTextField(_("reason"), null=True, blank=False)
    history_event = models.ForeignKey(
        HistoricEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )
    raised_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    raised_at = models.DateTimeField()
    cleared_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cleared_at = models.DateTimeField(null=True, blank=True)
    clear_reason = EncryptedTextField(_("why it was cleared"))

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "cleared_at"], name="cases_flag_case"),
            models.Index(fields=["agency", "kind", "cleared_at"], name="cases_flag_kind"),
        ]

    def __str__(self) -> str:
        return self.kind

    @property
    def is_active(self) -> bool:
        return self.cleared_at is None
