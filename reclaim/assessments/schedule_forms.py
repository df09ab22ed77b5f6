"""The form for one reassessment plan; it only parses. The rules (cadence.Plan) are checked in the action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.assessments.schedule_actions import MAX_INTERVAL_MONTHS


class AssessmentPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    active = forms.BooleanField(
        label=_("Schedule reassessments with this instrument"),
        required=False,
        help_text=_("Untick to stop due dates and reminders for it; assessments can still be taken at any time."),
    )
    first_months = forms.CharField(
        label=_("First assessments, in months after intake"),
        max_length=200,
        help_text=_("Whole months in increasing order, separated by commas; 0 means at intake. For example: 0, 6."),
    )
    then_every_months = forms.IntegerField(
        label=_("Then every, in months"),
        required=False,
        min_value=1,
        max_value=MAX_INTERVAL_MONTHS,
        help_text=_("Leave empty to stop after the first assessments."),
    )
    active_plan_every_months = forms.IntegerField(
        label=_("While the case is in its active plan, every (months)"),
        required=False,
        min_value=1,
        max_value=MAX_INTERVAL_MONTHS,
        help_text=_("Optional: a tighter rhythm during the active plan, e.g. 1 for monthly."),
    )

    def clean_first_months(self) -> list[int]:
        parts = [p for p in self.cleaned_data["first_months"].replace(",", " ").split() if p]
        try:
            return [int(p) for p in parts]
        except ValueError:
            raise forms.ValidationError(
                _("Use whole numbers of months separated by commas, e.g. 0, 6."), code="invalid"
            ) from None
