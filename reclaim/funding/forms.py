"""Forms of the funding-source list (they only validate; the actions check again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.funding.actions import NAME_MAX_LENGTH, REFERENCE_MAX_LENGTH, GrantValues

DATE = forms.DateInput(attrs={"type": "date"})


class GrantForm(forms.Form):
    name = forms.CharField(label=_("Grant name"), max_length=NAME_MAX_LENGTH)
    funder_name = forms.CharField(label=_("Funder"), max_length=NAME_MAX_LENGTH, required=False)
    reference = forms.CharField(label=_("Grant or award number"), max_length=REFERENCE_MAX_LENGTH, required=False)
    starts_on = forms.DateField(label=_("Period starts"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Period ends"), required=False, widget=DATE)
    allowed_categories = forms.MultipleChoiceField(
        label=_("Service categories it pays for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if the grant may pay for any kind of service."),
    )

    def __init__(self, *args: Any, category_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allowed_categories"].choices = category_choices  # type: ignore[attr-defined]

    def values(self) -> GrantValues:
        data = self.cleaned_data
        return GrantValues(
            name=data["name"],
            funder_name=data.get("funder_name") or "",
            reference=data.get("reference") or "",
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            allowed_categories=list(data.get("allowed_categories") or []),
        )


class GrantEditForm(GrantForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class GrantActiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
