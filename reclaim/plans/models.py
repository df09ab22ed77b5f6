"""Individual plans: one living plan per case, goals written with the survivor, and tasks.

A task is a step of a goal (owner, due date) or a stand-alone to-do on a case; the user's task list
(reclaim/cases/tasklist.py) shows the open ones next to what other modules ask of them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.models import TenantModel, User
from reclaim.cases.models import Case
from reclaim.core.fields import EncryptedTextField

DEFAULT_REVIEW_EVERY_DAYS = 90


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")


class Plan(TenantModel):
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
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
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

    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    title = EncryptedTextField(_("what needs doing"), blank=False)
    owner = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
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
