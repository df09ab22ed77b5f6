"""Forms of the deadline calendar's filters and the legal settings page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.legal.models import DeadlineKind

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reclaim.accounts.models import User


class DeadlineFilterForm(forms.Form):
    """Every filter may be left empty."""

    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    advocate = forms.ChoiceField(label=_("Legal advocate"), required=False)
    due_before = forms.DateField(
        label=_("Due before"), required=False, widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"})
    )
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"})
    )

    def __init__(self, *args: Any, advocates: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *DeadlineKind.choices]  # type: ignore[attr-defined]
        self.fields["advocate"].choices = [("", _("Anyone"))] + [  # type: ignore[attr-defined]
            (str(person.pk), person.display_name) for person in advocates
        ]


class LegalPolicyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reminder_offsets = forms.CharField(
        label=_("Remind, days before a deadline"),
        required=False,
        max_length=200,
        help_text=_(
            "Whole numbers of days, separated by commas, for example 90, 30, 7. Deadlines also show on their "
            "day and once they have passed, even with no reminders set. New deadlines take these; deadlines "
            "already made keep theirs."
        ),
    )
    default_jurisdiction = forms.ChoiceField(label=_("Usual jurisdiction"))

    def __init__(self, *args: Any, jurisdictions: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_jurisdiction"].choices = [(code, code) for code in jurisdictions]  # type: ignore[attr-defined]
