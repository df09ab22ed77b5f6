"""Forms of the plan tab. They only validate; choices come from selectors (the agency's own domains,
staff and the service taxonomy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.plans import selectors
from reclaim.plans.actions import GoalData, TaskData
from reclaim.plans.models import (
    MAX_REVIEW_EVERY_DAYS,
    MIN_REVIEW_EVERY_DAYS,
    TEXT_MAX_LENGTH,
    GoalStatus,
    PlannedFrequency,
    TaskStatus,
)

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.plans.models import Goal

SURVIVOR = "survivor"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(label: str, choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 — only called on choice fields
    field.choices = choices


class StartPlanForm(forms.Form):
    """Tick the suggested goals to add; none is created without a tick."""

    suggestions = forms.MultipleChoiceField(
        label=_("Goals suggested by the case"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Open immediate needs and outcome domains rated below 2.5. Tick the ones the person wants."),
    )

    def __init__(self, *args: Any, suggestions: list[selectors.GoalSuggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggestion_map = {s.key: s for s in suggestions}
        _set_choices(self, "suggestions", [(s.key, _suggestion_label(s)) for s in suggestions])

    def goals(self) -> list[GoalData]:
        return [
            GoalData(
                staff_wording=_suggestion_wording(self.suggestion_map[key]),
                domain=self.suggestion_map[key].domain,
                service_category=self.suggestion_map[key].service_category,
            )
            for key in self.cleaned_data["suggestions"]
        ]


def _suggestion_label(s: selectors.GoalSuggestion) -> str:
    if s.source == "need":
        return str(_("Immediate need still open: %(need)s") % {"need": s.label})
    return str(_("Outcome domain rated low: %(domain)s (%(score)s)") % {"domain": s.label, "score": s.score})


def _suggestion_wording(s: selectors.GoalSuggestion) -> str:
    if s.source == "need":
        return str(_("Meet the immediate need: %(need)s") % {"need": s.label})
    return str(_("Improve: %(domain)s") % {"domain": s.label})


class GoalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    staff_wording = forms.CharField(
        label=_("Goal"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Short and concrete, e.g. “Find a stable place to live”."),
    )
    survivor_words = forms.CharField(
        label=_("The goal in the person's own words"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Write it as they said it, in their language if they prefer."),
    )
    survivor_language = forms.CharField(
        label=_("Language of their words"),
        max_length=10,
        required=False,
        help_text=_(
            "A language code such as es, fil or pt-BR. Starts as the preferred language in the person's "
            "details; change it here only for this goal."
        ),
    )
    domain = forms.ChoiceField(label=_("Outcome domain"), required=False)
    service_category = forms.ChoiceField(label=_("Main kind of service"), required=False)
    target_on = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED)

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "domain", _blank(str(_("No domain")), selectors.domain_choices(agency_id)))
        _set_choices(self, "service_category", _blank(str(_("Not chosen")), selectors.category_choices()))

    def data_for_action(self) -> GoalData:
        d = self.cleaned_data
        return GoalData(
            staff_wording=d["staff_wording"],
            survivor_words=d["survivor_words"],
            survivor_language=d["survivor_language"],
            domain=d["domain"],
            service_category=d["service_category"],
            target_on=d["target_on"],
            status=d["status"],
        )


class ProgressNoteForm(forms.Form):
    text = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    noted_on = forms.DateField(label=_("Date"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    new_status = forms.ChoiceField(
        label=_("Change the goal's status"), required=False, choices=_blank(str(_("No change")), GoalStatus.choices)
    )


class TaskForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    goal = forms.ChoiceField(label=_("Step of goal"), required=False)
    title = forms.CharField(label=_("What needs doing"), max_length=TEXT_MAX_LENGTH)
    owner = forms.ChoiceField(label=_("Who does it"), required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices, initial=TaskStatus.OPEN)

    def __init__(self, *args: Any, agency_id: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_map = {str(goal.pk): goal for goal in goals}
        _set_choices(
            self,
            "goal",
            _blank(
                str(_("No goal: a task on the case")),
                [
                    (str(goal.pk), goal.staff_wording or str(_("Goal %(n)d") % {"n": n + 1}))
                    for n, goal in enumerate(goals)
                ],
            ),
        )
        self.staff = {str(user.pk): user for user in selectors.task_owner_choices(agency_id)}
        _set_choices(
            self,
            "owner",
            [
                ("", _("Nobody yet")),
                (SURVIVOR, _("The survivor")),
                *[(pk, user.display_name) for pk, user in self.staff.items()],
            ],
        )

    def goal_for_action(self) -> Goal | None:
        return self.goal_map.get(self.cleaned_data["goal"] or "")

    def data_for_action(self) -> TaskData:
        d = self.cleaned_data
        owner: User | None = self.staff.get(d["owner"] or "")
        return TaskData(
            title=d["title"],
            owner=owner,
            owned_by_survivor=d["owner"] == SURVIVOR,
            due_on=d["due_on"],
            status=d["status"],
        )


class VersionForm(forms.Form):
    """Mark a task done, sign off a review: the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlannedServiceForm(forms.Form):
    service_category = forms.ChoiceField(label=_("Kind of service"), required=False)
    service_type = forms.ChoiceField(label=_("Service"), required=False, help_text=_("Optional: a precise service."))
    planned_count = forms.IntegerField(label=_("How many times"), required=False, min_value=1, max_value=999)
    frequency = forms.ChoiceField(
        label=_("How often"), required=False, choices=_blank(str(_("Not set")), PlannedFrequency.choices)
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "service_category", _blank(str(_("Choose")), selectors.category_choices()))
        _set_choices(self, "service_type", _blank(str(_("Any of this kind")), selectors.service_type_choices()))


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewed_on = forms.DateField(
        label=_("Reviewed on"), required=False, widget=DATE, help_text=_("Leave empty for today.")
    )
    note = forms.CharField(
        label=_("What was agreed"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanPolicyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    review_every_days = forms.IntegerField(
        label=_("Review each plan every (days)"), min_value=MIN_REVIEW_EVERY_DAYS, max_value=MAX_REVIEW_EVERY_DAYS
    )
    requires_sign_off = forms.BooleanField(
        label=_("A supervisor or program director signs off each review"), required=False
    )
