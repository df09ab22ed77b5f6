"""Individual plans: one living plan per case, goals written with the survivor, and tasks.

A task is a step of a goal (owner, due date) or a stand-alone to-do on a case; the user's task list
(reclaim/cases/tasklist.py) shows the open ones next to what other modules ask of them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User, unindexed_agency
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedJSONField, EncryptedTextField

DEFAULT_REVIEW_EVERY_DAYS = 90
MIN_REVIEW_EVERY_DAYS = 7
MAX_REVIEW_EVERY_DAYS = 365
REVIEW_DUE_SOON_DAYS = 14
TEXT_MAX_LENGTH = 2000


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")


class Plan(TenantModel):
    agency = unindexed_agency()  # plans_plan_review_due starts with it
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus, default=PlanStatus.ACTIVE)
    review_every_days = models.PositiveSmallIntegerField(_("review every (days)"), default=DEFAULT_REVIEW_EVERY_DAYS)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["agency", "next_review_on"], name="plans_plan_review_due"),
        ]

    def __str__(self) -> str:
        return f"plan {self.pk}"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    CHANGED = "changed", _("Changed by the survivor")
    STOPPED = "stopped", _("Stopped")


OPEN_GOAL_STATUSES = (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS)


class Goal(TenantModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # plans_goal_case_status starts with it
    # An outcome-domain code of the agency's scale (assessments.OutcomeDomain.code), e.g. "safety".
    domain = models.CharField(_("outcome domain"), max_length=40, blank=True)
    # A service category code (services.ServiceCategory.code) the goal mainly needs; optional.
    service_category = models.CharField(_("main kind of service"), max_length=40, blank=True)
    staff_wording = EncryptedTextField(_("goal (staff wording)"))
    survivor_words = EncryptedTextField(_("goal in the survivor's own words"))
    survivor_language = models.CharField(_("language of the survivor's words"), max_length=10, blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus, default=GoalStatus.NOT_STARTED)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["position", "created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["case", "status"], name="plans_goal_case_status"),
        ]

    def __str__(self) -> str:
        return f"goal {self.pk}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("No longer needed")


class Task(TenantModel):
    """A step of a goal, or a stand-alone task on a case. The title is encrypted (it may name a person)."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )  # plans_task_case_status starts with it
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    title = EncryptedTextField(_("what needs doing"), blank=False)
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )  # plans_task_owner_open starts with it
    owned_by_survivor = models.BooleanField(_("the survivor does this step"), default=False)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on", "created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["owner", "status", "due_on"], name="plans_task_owner_open"),
            models.Index(fields=["case", "status"], name="plans_task_case_status"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(case__isnull=False), name="plans_task_goal_needs_case"
            ),
        ]

    def __str__(self) -> str:
        return f"task {self.pk}"


class GoalProgressNote(TenantModel):
    """A dated note on how a goal is going, optionally moving its status. Append-only; the text is encrypted."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="progress_notes")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("what happened"))
    noted_on = models.DateField(_("date"))
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status_from = models.CharField(max_length=16, choices=GoalStatus, blank=True)
    status_to = models.CharField(_("new status"), max_length=16, choices=GoalStatus, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-noted_on", "-created_at"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["goal", "-noted_on"], name="plans_note_goal_date"),
        ]

    def __str__(self) -> str:
        return f"progress note {self.pk}"


class PlannedFrequency(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")
    AS_NEEDED = "as_needed", _("When needed")


class PlannedService(TenantModel):
    """A service planned for a goal: a category or a type code of the taxonomy, how many or how often."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="planned_services")
    # services.ServiceCategory.code and/or services.ServiceType.code ("<category>.<type>"); one is required.
    service_category = models.CharField(_("kind of service"), max_length=40, blank=True)
    service_type = models.CharField(_("service"), max_length=80, blank=True)
    planned_count = models.PositiveSmallIntegerField(_("how many times"), null=True, blank=True)
    frequency = models.CharField(_("how often"), max_length=16, choices=PlannedFrequency, blank=True)
    note = EncryptedTextField(_("note"))
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=~Q(service_category="") | ~Q(service_type=""), name="plans_plannedservice_has_code"
            ),
        ]

    def __str__(self) -> str:
        return f"planned service {self.pk}"


class PlanPolicy(TenantModel):
    """An agency's plan-review rule: how often plans are reviewed and whether a review needs a sign-off.

    One row per agency; an agency without a row uses the defaults."""

    review_every_days = models.PositiveSmallIntegerField(
        _("review plans every (days)"), default=DEFAULT_REVIEW_EVERY_DAYS
    )
    requires_sign_off = models.BooleanField(_("a supervisor or director signs off each review"), default=False)
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["agency"], name="plans_planpolicy_one_per_agency"),
            models.CheckConstraint(
                condition=Q(review_every_days__gte=MIN_REVIEW_EVERY_DAYS)
                & Q(review_every_days__lte=MAX_REVIEW_EVERY_DAYS),
                name="plans_planpolicy_review_range",
            ),
        ]

    def __str__(self) -> str:
        return "plan policy"


class PlanVersion(TenantModel):
    """A review of a plan: a read-only snapshot of the plan, its goals and tasks at that moment (encrypted).

    When the agency requires it, the review waits for a supervisor's or director's sign-off."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("version"))
    snapshot = EncryptedJSONField(_("the plan at this review"))
    note = EncryptedTextField(_("review note"))
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    needs_sign_off = models.BooleanField(default=False)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["-number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_planversion_unique_number"),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | Q(needs_sign_off=True),
                name="plans_planversion_sign_off_needed",
            ),
        ]

    def __str__(self) -> str:
        return f"plan version {self.number}"

    @property
    def awaiting_sign_off(self) -> bool:
        return self.needs_sign_off and self.signed_off_at is None
