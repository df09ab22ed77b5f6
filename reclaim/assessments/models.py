"""Assessments and outcomes (DOMAIN.md §6): instruments as versioned data, responses, alerts, outcome domains."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import Agency, TenantModel, User, unindexed_agency
from reclaim.assessments import scoring
from reclaim.assessments.outcome_data import DEFAULT_SCALE_NAME, SHIPPED_DOMAIN_NAMES, SHIPPED_QUESTIONS
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedJSONField, EncryptedTextField
from reclaim.core.models import BaseModel
from reclaim.core.refdata import OUTCOME_DOMAIN, OUTCOME_QUESTION, OUTCOME_SCALE, shipped_label

# ======================================================================================================
# Instruments and assessments (issue 4: instruments as data, taking an assessment, safety alerts).
# The definition format and its validator are in definition.py; scoring is the pure function in
# scoring.py. Later work (schedules, progress charts) builds on Instrument, InstrumentVersion, Assessment
# and AssessmentAlert below.
# ======================================================================================================


class Instrument(BaseModel):
    """A screening or outcome instrument. `agency` is empty for the ones Reclaim ships (PHQ-9, GAD-7, PCL-5,
    BRS: public scoring, free licences); an agency's own instrument (e.g. a licensed CD-RISC, or an intake
    questionnaire) carries its agency and is visible to that agency only. Configuration, not survivor data."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    licence_note = models.TextField(_("licence"), blank=True)
    active = models.BooleanField(_("offered for new assessments"), default=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "code"], name="assessments_instrument_agency_code"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(agency__isnull=True), name="assessments_instrument_shipped_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InstrumentVersion(BaseModel):
    """One version of an instrument's definition (items, options, scoring, bands, cut-offs, alerts), as a
    validated JSON document. Never edited once an assessment points at it: a change is a new version, and
    every assessment keeps the version it was scored with. The newest version is used for new assessments."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    definition = models.JSONField()

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["instrument", "version"], name="assessments_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.version}"


class InstrumentCutoffs(BaseModel):
    """An agency's chosen cut-offs for an instrument, within the range its definition allows (e.g. PCL-5's
    provisional PTSD at 31, 32 or 33). Used for the agency's new assessments; each result stores the
    cut-offs it was scored with."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(_("cut-offs"), default=dict)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "instrument"], name="assessments_cutoffs_unique")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} cut-offs"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        version = self.instrument.versions.order_by("-created_at").first()
        try:
            scoring.cutoff_values(version.definition if version else {}, self.values)
        except ValueError as exc:
            raise ValidationError({"values": str(exc)}) from exc


class AssessmentMode(models.TextChoices):
    STAFF = "staff", _("With a staff member")
    PORTAL = "portal", _("By the survivor in the portal")


class AssessmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned, not yet completed")
    COMPLETED = "completed", _("Completed")


class Assessment(TenantModel):
    """One administration of an instrument version for a case. The answers are encrypted (clinical data,
    shown to clinicians only); the score, band, subscales and fired alert codes are stored in clear so lists
    and (later) progress charts need no decryption. `result` keeps the rest of the scoring (clusters,
    cut-offs, change) as returned by scoring.Score.as_json()."""

    agency = unindexed_agency()  # assessments_agency_status starts with it

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="assessments", db_index=False
    )  # assessments_case_date starts with it
    instrument_version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    administered_on = models.DateField(_("date"), null=True, blank=True)
    administered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assigned_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mode = models.CharField(max_length=10, choices=AssessmentMode, default=AssessmentMode.STAFF)
    status = models.CharField(max_length=10, choices=AssessmentStatus, default=AssessmentStatus.COMPLETED)
    # The language the instrument was given in (one of its definition's `languages`); rows from before issue 14
    # were all given in English, the default.
    language = models.CharField(_("language of administration"), max_length=12, default="en")
    answers = EncryptedJSONField()  # one value (or null for skipped) per item, in the definition's order
    total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    subscales = models.JSONField(default=dict, blank=True)
    complete = models.BooleanField(default=False)
    incomplete_reason = models.CharField(max_length=40, blank=True)
    alerts = models.JSONField(default=list, blank=True)  # codes of the alert rules that fired
    result = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "-administered_on"], name="assessments_case_date"),
            models.Index(fields=["agency", "status"], name="assessments_agency_status"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(status="assigned") | Q(administered_on__isnull=False),
                name="assessments_assessment_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return "assessment"


class AlertSeverity(models.TextChoices):
    URGENT = "urgent", _("Urgent: act today")
    FOLLOW_UP = "follow_up", _("Follow up")
    REVIEW = "review", _("Clinician review")


class AssessmentAlert(TenantModel):
    """An alert rule of the instrument fired on an assessment (e.g. PHQ-9 item 9 above 0). Open until a
    case worker acknowledges it with a note (encrypted: it may describe the person's safety)."""

    agency = unindexed_agency()  # assessments_alert_open starts with it

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="assessment_alerts", db_index=False
    )  # assessments_alert_case_open starts with it
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="alert_rows")
    rule_code = models.CharField(max_length=40)
    severity = models.CharField(max_length=12, choices=AlertSeverity)
    raised_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = EncryptedTextField(_("what was done"))

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "acknowledged_at"], name="assessments_alert_case_open"),
            models.Index(fields=["agency", "acknowledged_at", "-raised_at"], name="assessments_alert_open"),
        ]

    def __str__(self) -> str:
        return self.rule_code


# ====================================== end of instruments and assessments ======================================


# ============================================================================================
# Outcome domains (issue 4 item 3, DOMAIN.md §6.2) — OutcomeScale, OutcomeDomain,
# OutcomeSubdomain, OutcomeRating, OutcomeScore.
# ============================================================================================
OUTCOME_SCORE_MIN = 1
OUTCOME_SCORE_MAX = 4
DEFAULT_CLOSURE_MIN_SCORE = Decimal("3.00")
OUTCOME_NOTE_MAX_LENGTH = 4000


class OutcomeScale(BaseModel):
    """One version of an outcome-domain scale. `agency` empty = the scale Reclaim ships; set = an agency's own.

    A version never changes once saved: customising writes a new version and marks it current, so every
    rating keeps the domains, wording and closure rule it was made with."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    code = models.SlugField(_("code"), max_length=40, default="reclaim_outcomes")
    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(default=True)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    closure_min_score = models.DecimalField(
        _("lowest domain score for closure"),
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_CLOSURE_MIN_SCORE,
        validators=[MinValueValidator(Decimal(OUTCOME_SCORE_MIN)), MaxValueValidator(Decimal(OUTCOME_SCORE_MAX))],
    )
    closure_every_domain = models.BooleanField(_("every domain must reach it"), default=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["code", "version"], condition=Q(agency__isnull=True), name="assessments_scale_default_version"
            ),
            models.UniqueConstraint(
                fields=["agency", "code", "version"],
                condition=Q(agency__isnull=False),
                name="assessments_scale_agency_version",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(agency__isnull=True, is_current=True),
                name="assessments_scale_one_current_default",
            ),
            models.UniqueConstraint(
                fields=["agency", "code"],
                condition=Q(agency__isnull=False, is_current=True),
                name="assessments_scale_one_current_per_agency",
            ),
            models.CheckConstraint(
                condition=Q(closure_min_score__gte=OUTCOME_SCORE_MIN) & Q(closure_min_score__lte=OUTCOME_SCORE_MAX),
                name="assessments_scale_closure_min_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_default(self) -> bool:
        return self.agency_id is None

    @property
    def display_name(self) -> str:
        """The shipped scale's name in the reader's language; a name an agency gave its own scale as typed."""
        return shipped_label(self.name, OUTCOME_SCALE, shipped=self.name == DEFAULT_SCALE_NAME)


class OutcomeDomain(BaseModel):
    """A domain of one scale version (safety, housing, ...); `code` stays the same across versions."""

    scale = models.ForeignKey(OutcomeScale, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["scale", "code"], name="assessments_domain_unique_code"),
        ]
        ordering: ClassVar[list[str]] = ["order", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def display_name(self) -> str:
        """In the reader's language while it is the name Reclaim ships for this code (an agency's scale is a copy)."""
        return shipped_label(self.name, OUTCOME_DOMAIN, shipped=SHIPPED_DOMAIN_NAMES.get(self.code) == self.name)


class OutcomeSubdomain(BaseModel):
    """One question of a domain, rated 1 (most vulnerable) to 4 (least) or skipped."""

    domain = models.ForeignKey(OutcomeDomain, on_delete=models.CASCADE, related_name="subdomains")
    code = models.SlugField(_("code"), max_length=60)
    wording = models.CharField(_("wording"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["domain", "code"], name="assessments_subdomain_unique_code"),
        ]
        ordering: ClassVar[list[str]] = ["order", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def display_wording(self) -> str:
        """In the reader's language while it is Reclaim's wording; a question an agency reworded or added as typed.
        Reads `domain` (loaded with the row by every caller: select_related or the domain's own manager)."""
        shipped = SHIPPED_QUESTIONS.get((self.domain.code, self.code)) == self.wording
        return shipped_label(self.wording, OUTCOME_QUESTION, shipped=shipped)


class OutcomeRating(TenantModel):
    """A rating of a case's outcome domains, made by a worker (with the survivor, ideally) on one scale version."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # assessments_rating_case starts with it
    scale = models.ForeignKey(OutcomeScale, on_delete=models.PROTECT, related_name="ratings")
    rated_on = models.DateField(_("rated on"))
    rated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    with_survivor = models.BooleanField(_("rated together with the person"), default=True)
    note = EncryptedTextField(_("note"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "-rated_on", "-created_at"], name="assessments_rating_case"),
        ]

    def __str__(self) -> str:
        return "outcome rating"


class OutcomeScore(TenantModel):
    """One subdomain's score in a rating; `score` empty = skipped. Every subdomain of the scale gets a row."""

    rating = models.ForeignKey(
        OutcomeRating, on_delete=models.CASCADE, related_name="scores", db_index=False
    )  # assessments_score_one_per_subdomain starts with it
    subdomain = models.ForeignKey(OutcomeSubdomain, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(OUTCOME_SCORE_MIN), MaxValueValidator(OUTCOME_SCORE_MAX)],
    )

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["rating", "subdomain"], name="assessments_score_one_per_subdomain"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=OUTCOME_SCORE_MIN) & Q(score__lte=OUTCOME_SCORE_MAX)),
                name="assessments_score_range",
            ),
        ]

    def __str__(self) -> str:
        return "outcome score"


# ============================================================================================
# End of outcome domains.
# ============================================================================================


# ============================================================================================
# Schedules (issue 4 item 5, DOMAIN.md §6.2 cadence): per-agency reassessment plans and the
# record of overdue reminders already raised. The date arithmetic is the pure cadence.py.
# ============================================================================================


class AssessmentPlan(TenantModel):
    """An agency's reassessment plan for one instrument code (or "outcomes", the outcome-domain rating).

    An agency without a row for a code uses cadence.DEFAULT_PLANS; `active=False` switches the schedule
    off for that code. Validated through cadence.Plan on save (schedule_actions.do_set_assessment_plan).
    Configuration, not survivor data."""

    instrument_code = models.CharField(_("instrument"), max_length=40)
    first_months = models.JSONField(_("first assessments, in months after intake"), default=list)
    then_every_months = models.PositiveSmallIntegerField(_("then every, in months"), null=True, blank=True)
    active_plan_every_months = models.PositiveSmallIntegerField(
        _("while in the active plan, every (months)"), null=True, blank=True
    )
    active = models.BooleanField(_("scheduled"), default=True)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency", "instrument_code"], name="assessments_plan_one_per_code"),
        ]

    def __str__(self) -> str:
        return self.instrument_code


class AssessmentReminder(TenantModel):
    """A reassessment that went overdue and was reminded once (a timeline event "assessment_overdue").
    Unique per case, instrument code and due date, so the periodic job is idempotent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    instrument_code = models.CharField(max_length=40)
    due_on = models.DateField()

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["case", "instrument_code", "due_on"], name="assessments_reminder_once_per_due_date"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "due_on"], name="assessments_reminder_agency"),
        ]

    def __str__(self) -> str:
        return self.instrument_code


class ReassessmentDue(models.Model):
    """The next date each scheduled code (an instrument code, or "outcomes") is due on an open case: derived
    from the agency's plans, the intake date, the move into the active plan and the latest completed
    assessment or rating (cadence.next_due_on), and rewritten by every action that changes one of those
    (schedule_actions.refresh_due). The due lists and the home page's task count read it with an indexed range
    query instead of working out every open case's schedule. No row: nothing left to schedule (the case is
    identified or closed, the plan is switched off, or a plan that does not repeat is done).

    Derived, so it may be rebuilt at any time (refresh_agency); the periodic reminder job does so. Plain
    model with an integer key and no timestamps, like people.SurvivorMatchKey: rows are only replaced."""

    id = models.BigAutoField(primary_key=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # assessments_due_agency_date starts with it
    # no index of its own: the unique constraint's index leads with the case
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", db_index=False)
    instrument_code = models.CharField(max_length=40)
    due_on = models.DateField()

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case", "instrument_code"], name="assessments_due_one_per_code"),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "due_on"], name="assessments_due_agency_date"),
        ]

    def __str__(self) -> str:
        return self.instrument_code


# ============================================================================================
# End of schedules.
# ============================================================================================
