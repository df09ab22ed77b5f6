from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class SurvivorSearchForm(forms.Form):
    """Search terms travel in a POST body, never in the URL (no PII in logs, history or Referer)."""

    reference = forms.CharField(label=_("Reference"), required=False, max_length=20)
    name = forms.CharField(
        label=_("Full name"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(key) for key in ("reference", "name", "date_of_birth")):
            raise forms.ValidationError(_("Enter a reference, a name or a date of birth to search."))
        return data
