"""Forms of the law-enforcement contact log and the outcomes page. Every rule is checked again in
actions.do_record_le_contact / do_update_le_contact; choices come from selectors."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.legal.actions import LE_PRIVILEGED_FIELDS, LEContactInput
from reclaim.legal.models import ContactKind, ContactResponse

RESPONSE_HELP = _(
    "For a T visa, the person is asked whether they complied with reasonable requests from law enforcement. "
    "There are exceptions: someone under 18, or someone unable to help because of the trauma they lived "
    "through, is not expected to. Record what happened in the person's favour and without judgement."
)


class LEContactForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    occurred_on = forms.DateField(label=_("Date of the contact"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    organization = forms.ChoiceField(label=_("Law-enforcement agency from the directory"), required=False)
    agency_name = forms.CharField(
        label=_("Or the agency's name"),
        max_length=500,
        required=False,
        help_text=_("If it is not in the directory."),
    )
    officer_name = forms.CharField(
        label=_("Officer or coordinator"),
        max_length=500,
        required=False,
        help_text=_("Only the legal team reads this once it is saved."),
    )
    request = forms.CharField(
        label=_("What was asked"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the legal team reads this once it is saved."),
    )
    response = forms.ChoiceField(
        label=_("How the person responded"), choices=ContactResponse.choices, required=False, help_text=RESPONSE_HELP
    )
    information_disclosed = forms.BooleanField(
        label=_("Information about the person was shared with law enforcement"), required=False
    )
    consent = forms.ChoiceField(
        label=_("The consent that allowed it"),
        required=False,
        help_text=_(
            "Needed when information was shared: a consent to share with police or prosecutors, in force on the date of the contact."
        ),
    )
    matter = forms.ChoiceField(label=_("Legal matter it belongs to"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the legal team reads this once it is saved."),
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[tuple[str, str]],
        consents: list[tuple[str, str]],
        matters: list[tuple[str, str]],
        privileged_fields: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("Not in the directory")), *organizations]  # type: ignore[attr-defined]
        self.fields["consent"].choices = [("", _("No consent chosen")), *consents]  # type: ignore[attr-defined]
        self.fields["matter"].choices = [("", _("Not linked to a matter")), *matters]  # type: ignore[attr-defined]
        self.privileged_fields = privileged_fields
        if not privileged_fields:
            for name in LE_PRIVILEGED_FIELDS:
                del self.fields[name]

    def clean_occurred_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Not later than today."))
        return day

    def to_input(self) -> LEContactInput:
        data = self.cleaned_data
        privileged = {name: data.get(name, "") if self.privileged_fields else None for name in LE_PRIVILEGED_FIELDS}
        return LEContactInput(
            occurred_on=data["occurred_on"],
            kind=data["kind"],
            response=data["response"],
            information_disclosed=bool(data["information_disclosed"]),
            consent_id=data["consent"] or None,
            matter_id=data["matter"] or None,
            organization_id=data["organization"] or None,
            agency_name=data["agency_name"],
            **privileged,
        )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period, or this calendar year (both days included)."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or datetime.date(today.year, 1, 1)
        end = data.get("end") or datetime.date(today.year, 12, 31)
        return start, end
