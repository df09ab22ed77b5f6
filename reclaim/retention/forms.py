"""Forms of the retention pages: they only validate; the actions apply the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.retention.models import MAX_MONTHS, MIN_MONTHS, Requester, Verification


class RetentionPolicyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    case_months = forms.IntegerField(
        label=_("Keep closed cases for (months after closure)"),
        min_value=MIN_MONTHS,
        max_value=MAX_MONTHS,
        help_text=_("At least 36 months (three years). Seven years (84 months) is the default."),
    )
    document_months = forms.IntegerField(
        label=_("Keep documents of closed cases for (months after closure)"),
        min_value=MIN_MONTHS,
        max_value=MAX_MONTHS,
        help_text=_("At least 36 months, and no longer than the case itself."),
    )


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the hold"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class HoldByNumberForm(HoldForm):
    case_number = forms.CharField(label=_("Case number"), max_length=24)


class LiftHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for lifting the hold"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ErasureRequestForm(forms.Form):
    requested_on = forms.DateField(
        label=_("Asked on"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    requested_by = forms.ChoiceField(label=_("Who asked"), choices=Requester.choices)
    verification = forms.ChoiceField(label=_("How you checked their identity"), choices=Verification.choices)


class ErasureDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve and erase now")), ("no", _("Decline"))],
        coerce=lambda v: v == "yes",
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
