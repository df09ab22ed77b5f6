"""Forms of the referral pages. Every rule is checked again in referrals.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.consent.models import DataClass
from reclaim.referrals.models import Urgency
from reclaim.referrals.referral_packet import PACKET_CLASS_HELP, PACKET_CLASSES
from reclaim.referrals.referral_states import DeclineReason, Outcome, State


def packet_class_choices() -> list[tuple[str, str]]:
    return [(code, f"{DataClass(code).label} — {PACKET_CLASS_HELP[DataClass(code)]}") for code in PACKET_CLASSES]


class ReferralForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Refer to"))
    service_category = forms.ChoiceField(label=_("Service needed"))
    goal = forms.ChoiceField(label=_("For this goal of the plan"), required=False)
    urgency = forms.ChoiceField(label=_("How urgent"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    reason = forms.CharField(
        label=_("Why, in a few words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what the recipient needs to decide. No story, no places, no names of other people."),
    )
    data_classes = forms.MultipleChoiceField(
        label=_("Information to send"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what is needed. Each must be covered by the person's consent to this referral."),
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        organizations: list[tuple[str, str]],
        categories: list[tuple[str, str]],
        goals: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        recipients: list[Any] = [("", _("Choose who to refer to"))]
        if agencies:
            recipients.append((_("Agencies on Reclaim"), [(f"agency:{pk}", name) for pk, name in agencies]))
        if organizations:
            recipients.append(
                (_("Other organisations (printed packet)"), [(f"org:{pk}", name) for pk, name in organizations])
            )
        self.fields["recipient"].choices = recipients  # type: ignore[attr-defined]
        self.fields["service_category"].choices = [("", _("Choose a service")), *categories]  # type: ignore[attr-defined]
        self.fields["goal"].choices = [("", _("No particular goal")), *goals]  # type: ignore[attr-defined]
        self.fields["data_classes"].choices = packet_class_choices()  # type: ignore[attr-defined]

    def recipient_ids(self) -> tuple[str | None, str | None]:
        kind, _sep, pk = self.cleaned_data["recipient"].partition(":")
        return (pk, None) if kind == "agency" else (None, pk)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to = forms.ChoiceField(label=_("New status"), choices=[(s.value, s.value) for s in State])
    reason = forms.ChoiceField(
        label=_("Why it is declined"), choices=[("", "—"), *DeclineReason.choices], required=False
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False)
    note = forms.CharField(
        label=_("Note for the other agency"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when declining, completing or when the person could not be served."),
    )
    open_case = forms.BooleanField(
        label=_("Open a case for this person in our agency, with only what the packet holds"), required=False
    )
    existing_survivor = forms.UUIDField(required=False, widget=forms.HiddenInput)
    confirm_new = forms.BooleanField(label=_("This is someone new to us"), required=False)


class OverrideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why this must be sent without the person's consent"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded and audited. Use only where the law allows sharing without consent."),
    )


class PolicyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ack_business_days = forms.IntegerField(label=_("Acknowledge within (business days)"), min_value=1, max_value=30)
    stale_days = forms.IntegerField(label=_("Stale after (days without change)"), min_value=1, max_value=365)
