from __future__ import annotations

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from reclaim.reporting.models import MAX_K, MIN_K

MONTH_CHOICES = sorted(MONTHS.items())


class ReportingPolicyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    k = forms.IntegerField(
        label=_("Smallest number shown in reports"),
        min_value=MIN_K,
        max_value=MAX_K,
        help_text=_(
            "Counts from 1 up to one less than this are shown as “fewer than …” in every report, dashboard "
            "and export, so that no one can be recognised from a small number. The usual value is 11; it "
            "cannot be set below 5."
        ),
    )
    fiscal_year_start_month = forms.TypedChoiceField(
        label=_("Your fiscal year starts in"),
        choices=MONTH_CHOICES,
        coerce=int,
        help_text=_(
            "Fiscal years are named by the year they end in: with October, FY2027 runs from October 2026 "
            "to September 2027."
        ),
    )
