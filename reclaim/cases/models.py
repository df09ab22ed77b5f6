"""Cases: one enrollment of a survivor in the agency's program, its lifecycle, team, timeline and approvals."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Team, TenantModel, User, unindexed_agency
from reclaim.cases.schedule import DEFAULT_OFFSETS_MONTHS, DEFAULT_WINDOW_DAYS
from reclaim.cases.state import CaseStatus
from reclaim.core.fields import EncryptedTextField
from reclaim.people.ages import AgeBand
from reclaim.people.models import Survivor


class IdentificationSource(models.TextChoices):
    OUTREACH = "outreach", _("Outreach")
    HOTLINE = "hotline", _("Hotline")
    PARTNER = "partner_referral", _("Partner agency referral")
    LAW_ENFORCEMENT_FEDERAL = "law_enforcement_federal", _("Federal law enforcement (e.g. FBI, HSI)")
    LAW_ENFORCEMENT_LOCAL = "law_enforcement_local", _("State or local police")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement, level not known")
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

    agency = unindexed_agency()  # cases_case_team starts with it

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
    # The awareness campaign that led to this identification (issue 10): counted in the campaign's results with
    # small-cell suppression, never shown to outreach staff as a case.
    campaign = models.ForeignKey(
        "outreach.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign that led to the identification"),
    )
    is_minor = models.BooleanField(_("under 18 when identified"), null=True, blank=True)
    age_band = models.CharField(
        _("age band when identified"), max_length=8, choices=AgeBand, default=AgeBand.UNKNOWN, editable=False
    )
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
            # the case list's order is (-updated_at, pk): with the pk in the index the database reads the first
            # page's rows in order and stops, instead of sorting every case updated in the same instant (a bulk
            # import, a seeded set: 1,000 rows read for 51 at 100k)
            models.Index(fields=["agency", "status", "-updated_at", "id"], name="cases_case_agency_status"),
            models.Index(fields=["agency", "team", "-updated_at"], name="cases_case_team"),
            models.Index(fields=["agency", "-updated_at", "id"], name="cases_case_recent"),
            models.Index(fields=["agency", "age_band"], name="cases_case_age_band"),
            models.Index(fields=["agency", "lead_worker", "status"], name="cases_case_lead_worker"),
            # the case list's person search (survivor_id IN the people found): without it SQLite walks every case
            # of the agency to find the few of those people (60 ms for one person at 100k)
            models.Index(fields=["agency", "survivor", "-updated_at"], name="cases_case_survivor"),
        ]

    def __str__(self) -> str:
        return self.number


class CaseAssignment(TenantModel):
    agency = unindexed_agency()  # cases_assignment_user starts with it
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assignments", db_index=False
    )  # cases_assignment_unique starts with it
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

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="determinations", db_index=False
    )  # cases_determination_case starts with it
    status = models.CharField(_("trafficking status"), max_length=40, choices=TraffickingStatus)
    decided_by = models.CharField(_("decided by"), max_length=40, choices=DecisionOrg)
    decided_on = models.DateField(_("decided on"))
    basis = EncryptedTextField(_("basis (optional)"))
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
    DETAILS_UPDATED = "details_updated", _("Case details changed")
    FOLLOW_UP_SCHEDULED = "follow_up_scheduled", _("Follow-up contacts scheduled")
    FOLLOW_UP_RECORDED = "follow_up_recorded", _("Follow-up contact recorded")
    FOLLOW_UP_MISSED = "follow_up_missed", _("Follow-up contact missed")
    FOLLOW_UP_CANCELLED = "follow_up_cancelled", _("Remaining follow-up contacts cancelled")
    FOLLOW_UP_STOPPED = "follow_up_stopped", _("Follow-up stopped at the person's request")
    SCREENING = "screening_recorded", _("Screening recorded")
    NEED_UPDATED = "need_updated", _("Immediate need updated")
    NOTE_ADDED = "note_added", _("Note added")
    NOTE_EDITED = "note_edited", _("Note edited")
    NOTE_STRUCK = "note_struck", _("Note struck out")
    DOCUMENT_ADDED = "document_added", _("Document added")
    DOCUMENT_VERSION_ADDED = "document_version_added", _("New version of a document")
    DOCUMENT_ARCHIVED = "document_archived", _("Document archived")
    HISTORY_ADDED = "history_event_added", _("Trafficking history event recorded")
    HISTORY_CHANGED = "history_event_changed", _("Trafficking history event changed")
    HISTORY_REMOVED = "history_event_removed", _("Trafficking history event removed")
    FLAG_RAISED = "flag_raised", _("Flag raised")
    FLAG_CLEARED = "flag_cleared", _("Flag cleared")
    RE_TRAFFICKING = "re_trafficking_recorded", _("Re-trafficking recorded")
    OUTCOMES_RATED = "outcomes_rated", _("Outcome domains rated")
    OUTCOMES_RATING_EDITED = "outcomes_rating_edited", _("Outcome rating corrected")
    ASSESSMENT_RECORDED = "assessment_recorded", _("Assessment recorded")
    ASSESSMENT_ASSIGNED = "assessment_assigned", _("Assessment assigned")
    ASSESSMENT_ALERT_ACKNOWLEDGED = "assessment_alert_acked", _("Assessment alert acknowledged")
    ASSESSMENT_OVERDUE = "assessment_overdue", _("Reassessment overdue")
    PLAN_CREATED = "plan_created", _("Plan started")
    PLAN_REVIEWED = "plan_reviewed", _("Plan reviewed")
    PLAN_SIGNED_OFF = "plan_signed_off", _("Plan review signed off")
    GOAL_ADDED = "goal_added", _("Goal added")
    GOAL_UPDATED = "goal_updated", _("Goal changed")
    GOAL_PROGRESS = "goal_progress", _("Progress noted on a goal")
    TASK_ADDED = "task_added", _("Task added")
    TASK_UPDATED = "task_updated", _("Task changed")
    SERVICE_RECORDED = "service_recorded", _("Service recorded")
    SERVICE_CORRECTED = "service_corrected", _("Service record corrected")
    SERVICE_VOIDED = "service_voided", _("Service record voided")
    GROUP_ENROLLED = "group_enrolled", _("Enrolled in a group program")
    GROUP_LEFT = "group_left", _("Left a group program")
    GROUP_COMPLETED = "group_completed", _("Completed a group program")
    APPOINTMENT_BOOKED = "appointment_booked", _("Appointment booked")
    APPOINTMENT_CHANGED = "appointment_changed", _("Appointment changed")
    APPOINTMENT_CANCELLED = "appointment_cancelled", _("Appointment cancelled")
    APPOINTMENT_ATTENDED = "appointment_attended", _("Appointment kept")
    APPOINTMENT_NO_SHOW = "appointment_no_show", _("Appointment missed")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    CONSENT_REVOKED = "consent_revoked", _("Consent taken back")
    FHIR_EXPORTED = "fhir_exported", _("Shared as a FHIR file, with consent")
    REFERRAL_CREATED = "referral_created", _("Referral drafted")
    REFERRAL_CHANGED = "referral_status_changed", _("Referral status changed")
    REFERRAL_ESCALATED = "referral_escalated", _("Referral not acknowledged in time")
    REFERRAL_PACKET_HIDDEN = "referral_packet_hidden", _("Referral packet hidden (consent ended)")
    LEGAL_MATTER_OPENED = "legal_matter_opened", _("Legal matter opened")
    LEGAL_STEP_CHANGED = "legal_step_changed", _("Legal matter moved to a new step")
    LEGAL_MATTER_CLOSED = "legal_matter_closed", _("Legal matter closed")
    LEGAL_MATTER_UPDATED = "legal_matter_updated", _("Legal matter details changed")
    LEGAL_DEADLINE_SET = "legal_deadline_set", _("Legal deadline set")
    LEGAL_DEADLINE_DONE = "legal_deadline_done", _("Legal deadline met")
    LEGAL_ACCESS_GRANTED = "legal_access_granted", _("Access to privileged legal material granted")
    LEGAL_ACCESS_REVOKED = "legal_access_revoked", _("Access to privileged legal material ended")
    LAW_ENFORCEMENT_CONTACT = "law_enforcement_contact", _("Law-enforcement contact recorded")
    RIGHTS_SHARED = "rights_shared", _("Rights information shared")
    RIGHTS_WITHDRAWN = "rights_withdrawn", _("Shared rights information withdrawn")
    PORTAL_ACCESS_CREATED = "portal_access_created", _("Portal access set up")
    PORTAL_ACCESS_ACTIVATED = "portal_access_activated", _("Portal access activated by the person")
    PORTAL_ACCESS_SUSPENDED = "portal_access_suspended", _("Portal access suspended")
    PORTAL_ACCESS_RESUMED = "portal_access_resumed", _("Portal access resumed")
    PORTAL_ACCESS_CLOSED = "portal_access_closed", _("Portal access closed")
    PORTAL_CHECK_IN = "portal_check_in", _("Check-in from the portal")
    PORTAL_CHECK_IN_MISSED = "portal_check_in_missed", _("Scheduled portal check-in missed")
    PORTAL_CHECK_IN_ACKNOWLEDGED = "portal_check_in_acked", _("Urgent portal check-in acknowledged")
    PORTAL_MESSAGE = "portal_message", _("Portal message")
    PORTAL_CONSENT_REVOKED = "portal_consent_revoked", _("Consent taken back in the portal")
    PORTAL_SHARED = "portal_shared", _("Shared with the person in the portal")
    PORTAL_ASSESSMENT_DONE = "portal_assessment_done", _("Questionnaire completed in the portal")
    STORY_DRAFTED = "story_drafted", _("Story drafted for campaigns")
    STORY_REVIEWED = "story_reviewed", _("Story reviewed by the survivor")
    STORY_WITHDRAWN = "story_withdrawn", _("Story withdrawn")


class TimelineCategory(models.TextChoices):
    """Groups of event types for the timeline filter; a type missing from EVENT_CATEGORIES is "other"."""

    STAGE = "stage", _("Stage and approvals")
    NOTES = "notes", _("Notes")
    ASSIGNMENT = "assignment", _("Team, worker and case details")
    DETERMINATIONS = "determinations", _("Trafficking status")
    NEEDS = "needs", _("Immediate needs and screening")
    FOLLOW_UP = "follow_up", _("Follow-up")
    DOCUMENTS = "documents", _("Documents")
    HISTORY = "history", _("Trafficking history and flags")
    ASSESSMENTS = "assessments", _("Assessments and outcomes")
    PLAN = "plan", _("Plan, goals and tasks")
    SERVICES = "services", _("Services and groups")
    APPOINTMENTS = "appointments", _("Appointments")
    CONSENT = "consent", _("Consent")
    REFERRALS = "referrals", _("Referrals")
    LEGAL = "legal", _("Legal matters")
    PORTAL = "portal", _("Portal: check-ins and messages")
    OTHER = "other", _("Other")


# Event type -> timeline category. Add new event types here; unlisted ones fall under OTHER.
EVENT_CATEGORIES: dict[str, str] = {
    EventType.OPENED: TimelineCategory.STAGE,
    EventType.STATUS_CHANGED: TimelineCategory.STAGE,
    EventType.REOPENED: TimelineCategory.STAGE,
    EventType.APPROVAL_REQUESTED: TimelineCategory.STAGE,
    EventType.APPROVAL_DECIDED: TimelineCategory.STAGE,
    EventType.NOTE_ADDED: TimelineCategory.NOTES,
    EventType.NOTE_EDITED: TimelineCategory.NOTES,
    EventType.NOTE_STRUCK: TimelineCategory.NOTES,
    EventType.ASSIGNED: TimelineCategory.ASSIGNMENT,
    EventType.DETERMINATION: TimelineCategory.DETERMINATIONS,
    EventType.DETAILS_UPDATED: TimelineCategory.ASSIGNMENT,
    EventType.SCREENING: TimelineCategory.NEEDS,
    EventType.NEED_UPDATED: TimelineCategory.NEEDS,
    EventType.FOLLOW_UP_SCHEDULED: TimelineCategory.FOLLOW_UP,
    EventType.FOLLOW_UP_RECORDED: TimelineCategory.FOLLOW_UP,
    EventType.FOLLOW_UP_MISSED: TimelineCategory.FOLLOW_UP,
    EventType.FOLLOW_UP_CANCELLED: TimelineCategory.FOLLOW_UP,
    EventType.FOLLOW_UP_STOPPED: TimelineCategory.FOLLOW_UP,
    EventType.DOCUMENT_ADDED: TimelineCategory.DOCUMENTS,
    EventType.DOCUMENT_VERSION_ADDED: TimelineCategory.DOCUMENTS,
    EventType.DOCUMENT_ARCHIVED: TimelineCategory.DOCUMENTS,
    EventType.HISTORY_ADDED: TimelineCategory.HISTORY,
    EventType.HISTORY_CHANGED: TimelineCategory.HISTORY,
    EventType.HISTORY_REMOVED: TimelineCategory.HISTORY,
    EventType.FLAG_RAISED: TimelineCategory.HISTORY,
    EventType.FLAG_CLEARED: TimelineCategory.HISTORY,
    EventType.RE_TRAFFICKING: TimelineCategory.HISTORY,
    EventType.OUTCOMES_RATED: TimelineCategory.ASSESSMENTS,
    EventType.OUTCOMES_RATING_EDITED: TimelineCategory.ASSESSMENTS,
    EventType.ASSESSMENT_RECORDED: TimelineCategory.ASSESSMENTS,
    EventType.ASSESSMENT_ASSIGNED: TimelineCategory.ASSESSMENTS,
    EventType.ASSESSMENT_ALERT_ACKNOWLEDGED: TimelineCategory.ASSESSMENTS,
    EventType.ASSESSMENT_OVERDUE: TimelineCategory.ASSESSMENTS,
    **dict.fromkeys(
        (
            EventType.PLAN_CREATED,
            EventType.PLAN_REVIEWED,
            EventType.PLAN_SIGNED_OFF,
            EventType.GOAL_ADDED,
            EventType.GOAL_UPDATED,
            EventType.GOAL_PROGRESS,
            EventType.TASK_ADDED,
            EventType.TASK_UPDATED,
        ),
        TimelineCategory.PLAN,
    ),
    **dict.fromkeys(
        (
            EventType.SERVICE_RECORDED,
            EventType.SERVICE_CORRECTED,
            EventType.SERVICE_VOIDED,
            EventType.GROUP_ENROLLED,
            EventType.GROUP_LEFT,
            EventType.GROUP_COMPLETED,
        ),
        TimelineCategory.SERVICES,
    ),
    **dict.fromkeys(
        (
            EventType.APPOINTMENT_BOOKED,
            EventType.APPOINTMENT_CHANGED,
            EventType.APPOINTMENT_CANCELLED,
            EventType.APPOINTMENT_ATTENDED,
            EventType.APPOINTMENT_NO_SHOW,
        ),
        TimelineCategory.APPOINTMENTS,
    ),
    EventType.CONSENT_RECORDED: TimelineCategory.CONSENT,
    EventType.CONSENT_REVOKED: TimelineCategory.CONSENT,
    EventType.FHIR_EXPORTED: TimelineCategory.CONSENT,
    EventType.STORY_DRAFTED: TimelineCategory.CONSENT,
    EventType.STORY_REVIEWED: TimelineCategory.CONSENT,
    EventType.STORY_WITHDRAWN: TimelineCategory.CONSENT,
    EventType.REFERRAL_CREATED: TimelineCategory.REFERRALS,
    EventType.REFERRAL_CHANGED: TimelineCategory.REFERRALS,
    EventType.REFERRAL_ESCALATED: TimelineCategory.REFERRALS,
    EventType.REFERRAL_PACKET_HIDDEN: TimelineCategory.REFERRALS,
    **dict.fromkeys(
        (
            EventType.LEGAL_MATTER_OPENED,
            EventType.LEGAL_STEP_CHANGED,
            EventType.LEGAL_MATTER_CLOSED,
            EventType.LEGAL_MATTER_UPDATED,
            EventType.LEGAL_DEADLINE_SET,
            EventType.LEGAL_DEADLINE_DONE,
            EventType.LEGAL_ACCESS_GRANTED,
            EventType.LEGAL_ACCESS_REVOKED,
            EventType.LAW_ENFORCEMENT_CONTACT,
            EventType.RIGHTS_SHARED,
            EventType.RIGHTS_WITHDRAWN,
        ),
        TimelineCategory.LEGAL,
    ),
    **dict.fromkeys(
        (
            EventType.PORTAL_ACCESS_CREATED,
            EventType.PORTAL_ACCESS_ACTIVATED,
            EventType.PORTAL_ACCESS_SUSPENDED,
            EventType.PORTAL_ACCESS_RESUMED,
            EventType.PORTAL_ACCESS_CLOSED,
            EventType.PORTAL_CHECK_IN,
            EventType.PORTAL_CHECK_IN_MISSED,
            EventType.PORTAL_CHECK_IN_ACKNOWLEDGED,
            EventType.PORTAL_MESSAGE,
            EventType.PORTAL_CONSENT_REVOKED,
            EventType.PORTAL_SHARED,
            EventType.PORTAL_ASSESSMENT_DONE,
        ),
        TimelineCategory.PORTAL,
    ),
}


# Events about screening results (instrument, band) are shown only to roles that see results
# (`sees_screen_results`): a legal advocate working the case never learns a PHQ-9 band from the timeline.
SCREEN_RESULT_EVENTS = frozenset(
    {
        EventType.ASSESSMENT_RECORDED,
        EventType.ASSESSMENT_ASSIGNED,
        EventType.ASSESSMENT_ALERT_ACKNOWLEDGED,
        EventType.ASSESSMENT_OVERDUE,
    }
)


class CaseEvent(TenantModel):
    """An append-only timeline row: a type and parameters of ids and codes, never free text."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", db_index=False
    )  # cases_event_case_at starts with it
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
        # not `in EventType.values`: that builds the list of all event types, for every event shown (issue 12)
        try:
            return str(EventType(self.type).label)
        except ValueError:
            return self.type


class ApprovalKind(models.TextChoices):
    CLOSE = "close", _("Close the case")
    EXIT_TO_FOLLOW_UP = "exit_to_follow_up", _("Exit to follow-up")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a supervisor")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with comments")
    WITHDRAWN = "withdrawn", _("Withdrawn: the case was reopened")


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


def default_follow_up_offsets() -> list[int]:
    return list(DEFAULT_OFFSETS_MONTHS)


class FollowUpPolicy(TenantModel):
    """An agency's follow-up schedule (DOMAIN.md §10): months after exit, at least 24, never shorter.

    One row per agency; an agency without a row uses the defaults. Changing it affects schedules
    created afterwards, never contacts already scheduled."""

    offsets_months = models.JSONField(_("contacts, in months after exit"), default=default_follow_up_offsets)
    window_days = models.PositiveSmallIntegerField(_("window, in days either side"), default=DEFAULT_WINDOW_DAYS)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="cases_followuppolicy_one_per_agency"),
            models.CheckConstraint(
                condition=Q(window_days__gte=1) & Q(window_days__lte=45), name="cases_followuppolicy_window_range"
            ),
        ]

    def __str__(self) -> str:
        return "follow-up policy"


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Recorded")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")
    STOPPED_BY_SURVIVOR = "stopped_by_survivor", _("Stopped at the person's request")


class FollowUpChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    MESSAGING_APP = "messaging_app", _("Messaging app")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("Email")


class FollowUpOutcome(models.TextChoices):
    REACHED_DOING_WELL = "reached_doing_well", _("Reached: doing well")
    REACHED_NEEDS_SUPPORT = "reached_needs_support", _("Reached: needs some support")
    REACHED_IN_CRISIS = "reached_in_crisis", _("Reached: in crisis")
    NOT_REACHED = "not_reached", _("Could not reach them")
    DECLINED = "declined", _("Reached, but did not want to talk")


class Indicator(models.TextChoices):
    """The shared indicators of DOMAIN.md §3.2 (mapped to HTCDS `MethodsOfControl`). Indicators suggest; a person decides."""

    FALSE_PROMISES = "false_promises", _("False promises, or other work than promised")
    DEBT = "debt", _("Debt to an employer or recruiter")
    EARNINGS_TAKEN = "earnings_taken", _("Wages withheld or taken")
    DOCUMENTS_WITHHELD = "documents_withheld", _("ID papers held by others")
    MOVEMENT_RESTRICTED = "movement_restricted", _("Cannot leave, locked in or watched")
    THREATS = "threats", _("Threats to self or family")
    THREAT_OF_AUTHORITIES = "threat_of_authorities", _("Threats of police or immigration")
    VIOLENCE = "violence", _("Physical or sexual violence, punishment")
    ISOLATION = "isolation", _("Cut off from family and friends")
    NECESSITIES_CONTROLLED = "necessities_controlled", _("Food, shelter or medical care controlled")
    EXCESSIVE_HOURS = "excessive_hours", _("Excessive working hours")
    SUBSTANCES = "substances", _("Drugs or alcohol used to control")
    MINOR_COMMERCIAL_SEX = "minor_commercial_sex", _("Commercial sex under 18")


class FollowUp(TenantModel):
    """One scheduled contact after program exit. `period` counts the case's follow-up periods (a case
    may leave and re-enter follow-up); `is_current` marks the contacts of the period under way."""

    agency = unindexed_agency()  # cases_followup_overdue starts with it

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="follow_ups", db_index=False
    )  # cases_followup_unique_sequence starts with it
    period = models.PositiveSmallIntegerField(default=1)
    sequence = models.PositiveSmallIntegerField()
    offset_months = models.PositiveSmallIntegerField(_("months after exit"))
    due_on = models.DateField(_("due on"))
    window_days = models.PositiveSmallIntegerField(_("window, in days either side"))
    closes_on = models.DateField(_("window closes on"))  # due_on + window_days, for the missed-contact sweep
    is_current = models.BooleanField(default=True)
    status = models.CharField(_("status"), max_length=24, choices=FollowUpStatus, default=FollowUpStatus.SCHEDULED)
    contacted_on = models.DateField(_("contacted on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=FollowUpChannel, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=FollowUpOutcome, blank=True)
    indicators_checked = models.BooleanField(_("short indicator check done"), default=False)
    notes = EncryptedTextField(_("notes"))
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case", "period", "sequence"], name="cases_followup_unique_sequence"),
            models.CheckConstraint(
                condition=~Q(status="completed") | (~Q(outcome="") & Q(contacted_on__isnull=False)),
                name="cases_followup_completed_has_outcome",
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["status", "closes_on"], name="cases_followup_sweep"),
            models.Index(fields=["agency", "status", "is_current"], name="cases_followup_overdue"),
            # the follow-up notice in the case gate's read: a case's current contacts of one status. Without it,
            # SQLite (no statistics) read them through the sweep index, every contact of that status in the
            # database: 44 of the case overview's 74 ms on SQLite at the reference set (issue 12)
            models.Index(fields=["case", "status", "is_current"], name="cases_followup_case_status"),
        ]

    def __str__(self) -> str:
        return f"follow-up {self.period}.{self.sequence}"

    @property
    def opens_on(self) -> datetime.date:
        return self.due_on - datetime.timedelta(days=self.window_days)

    @property
    def is_open(self) -> bool:
        """Whether a contact may still be recorded (scheduled, late or a correction)."""
        return self.status in {FollowUpStatus.SCHEDULED, FollowUpStatus.MISSED, FollowUpStatus.COMPLETED}


class FollowUpIndicatorCheck(TenantModel):
    """One §3.2 indicator observed at a follow-up contact: a row, so rates can be counted."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="indicator_checks")
    code = models.CharField(max_length=32, choices=Indicator)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["follow_up", "code"], name="cases_followupindicator_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class ScreeningTool(models.TextChoices):
    """DOMAIN.md §3.3; the instruments' wording is loaded by each agency, here only which one was used."""

    TVIT_SHORT = "tvit_short", _("Vera TVIT, short form")
    TVIT_LONG = "tvit_long", _("Vera TVIT, long form")
    HHS_AHTST = "hhs_ahtst", _("HHS Adult Human Trafficking Screening Tool")
    AGENCY = "agency_own", _("The agency's own screening")
    OBSERVATION = "observation", _("No tool (observation or conversation)")


class Screening(TenantModel):
    """One screening for trafficking indicators. The outcome is a person's decision, linked when one is made."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="screenings", db_index=False
    )  # cases_screening_case starts with it
    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    tool = models.CharField(_("screening tool"), max_length=20, choices=ScreeningTool, blank=True)
    screener = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    determination = models.ForeignKey(
        StatusDetermination,
        verbose_name=_("trafficking status decided"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screenings",
    )

    class Meta:
        indexes: ClassVar[list[Any]] = [models.Index(fields=["case", "-created_at"], name="cases_screening_case")]

    def __str__(self) -> str:
        return "screening"


class ScreeningIndicator(TenantModel):
    """One indicator seen in a screening: a row per code, so reports can count them on any database."""

    agency = unindexed_agency()  # cases_indicator_code starts with it

    screening = models.ForeignKey(
        Screening, on_delete=models.CASCADE, related_name="indicators", db_index=False
    )  # cases_screeningindicator_unique starts with it
    code = models.CharField(_("indicator"), max_length=32, choices=Indicator)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["screening", "code"], name="cases_screeningindicator_unique")
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["agency", "code"], name="cases_indicator_code")]

    def __str__(self) -> str:
        return self.code


class NeedKind(models.TextChoices):
    """The immediate-needs checklist (DOMAIN.md §3.4), in the order it is shown."""

    SAFETY = "safety", _("Safety")
    SAFE_ACCOMMODATION = "safe_accommodation", _("Safe accommodation")
    MEDICAL_CARE = "medical_care", _("Medical care")
    FOOD_CLOTHING = "food_clothing", _("Food and clothing")
    INTERPRETER = "interpreter", _("Interpreter")
    LEGAL_EMERGENCY = "legal_emergency", _("Legal emergency")
    CHILDCARE = "childcare", _("Childcare")


class NeedStatus(models.TextChoices):
    UNMET = "unmet", _("Not yet met")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred to a partner")
    MET = "met", _("Met")
    DECLINED = "declined", _("Declined by the person")
    NOT_NEEDED = "not_needed", _("Not needed")


RESOLVED_NEED_STATUSES = frozenset({NeedStatus.MET, NeedStatus.DECLINED, NeedStatus.NOT_NEEDED})


class ImmediateNeed(TenantModel):
    """One row of a case's stabilisation checklist. `details` may hold a placement address: encrypted."""

    agency = unindexed_agency()  # cases_need_urgent_open starts with it

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="needs", db_index=False
    )  # cases_need_one_per_kind starts with it
    need = models.CharField(_("need"), max_length=24, choices=NeedKind)
    status = models.CharField(_("status"), max_length=16, choices=NeedStatus, default=NeedStatus.UNMET)
    urgent = models.BooleanField(_("urgent"), default=False)
    handled_by = models.ForeignKey(
        User, verbose_name=_("who is handling it"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    details = EncryptedTextField(_("details"))
    opened_at = models.DateTimeField(_("opened"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case", "need"], name="cases_need_one_per_kind"),
            models.CheckConstraint(
                condition=(Q(status__in=["met", "declined", "not_needed"]) & Q(resolved_at__isnull=False))
                | (~Q(status__in=["met", "declined", "not_needed"]) & Q(resolved_at__isnull=True)),
                name="cases_need_resolved_has_date",
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "urgent", "resolved_at", "opened_at"], name="cases_need_urgent_open"),
        ]

    def __str__(self) -> str:
        return self.need

    @property
    def is_resolved(self) -> bool:
        return self.status in RESOLVED_NEED_STATUSES

    @property
    def time_to_resolution(self) -> datetime.timedelta | None:
        if self.resolved_at is None:
            return None
        return self.resolved_at - self.opened_at


class NoteConfidentiality(models.TextChoices):
    """Who may read a note (DOMAIN.md §1, §7; ARCHITECTURE.md §3 invariant 2)."""

    GENERAL = "general", _("General (everyone working on the case)")
    CLINICAL = "clinical", _("Clinical (clinicians only)")
    LEGAL = "legal", _("Legal (legal team only)")


class NoteKind(models.TextChoices):
    CONTACT = "contact_note", _("Contact note")
    SESSION = "session_note", _("Session note")
    PHONE_CALL = "phone_call", _("Phone call")
    HOME_VISIT = "home_visit", _("Home visit")
    OTHER = "other", _("Other")


NOTE_MAX_LENGTH = 20_000
STRIKE_REASON_MAX_LENGTH = 500


class CaseNote(TenantModel):
    """A case note at one confidentiality level. Never deleted: the author edits it or strikes it out with a reason.

    The text and the strike reason are encrypted; the level, kind and date are plain so selectors can
    filter and sort on them in SQL."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="notes", db_index=False
    )  # cases_note_case_occurred starts with it
    confidentiality = models.CharField(
        _("who may read it"), max_length=16, choices=NoteConfidentiality, default=NoteConfidentiality.GENERAL
    )
    kind = models.CharField(_("kind of note"), max_length=20, choices=NoteKind, default=NoteKind.CONTACT)
    occurred_on = models.DateField(_("date of the contact"))
    body = EncryptedTextField(_("note"), blank=False)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    edited_at = models.DateTimeField(null=True, blank=True)
    struck_at = models.DateTimeField(null=True, blank=True)
    struck_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    strike_reason = EncryptedTextField(_("why it is struck out"))

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(confidentiality__in=["general", "clinical", "legal"]),
                name="cases_casenote_known_confidentiality",
            ),
            models.CheckConstraint(
                condition=Q(struck_at__isnull=True) | Q(struck_by__isnull=False),
                name="cases_casenote_struck_has_actor",
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "-occurred_on", "-created_at"], name="cases_note_case_occurred"),
        ]

    def __str__(self) -> str:
        return f"{self.confidentiality} note"

    @property
    def is_struck(self) -> bool:
        return self.struck_at is not None


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

    agency = unindexed_agency()  # cases_historicevent_type starts with it

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="history_events", db_index=False
    )  # cases_historicevent_case starts with it
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

    agency = unindexed_agency()  # cases_eventcoding_code starts with it

    event = models.ForeignKey(
        HistoricEvent, on_delete=models.CASCADE, related_name="codings", db_index=False
    )  # cases_eventcoding_unique starts with it
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="+", db_index=False
    )  # cases_eventcoding_case starts with it
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
