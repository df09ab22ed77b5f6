"""The webhook subscription form: it only validates shapes; the actions check the address and the types."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.interop.webhooks_events import EVENT_TYPES


class SubscriptionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    target_url = forms.CharField(
        label=_("Address of the receiving system (URL)"),
        max_length=500,
        help_text=_("It must start with https://. Your partner gives you this address."),
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Which partner and system this is, so colleagues recognise it. No names of survivors."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=list(EVENT_TYPES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each message carries only record numbers and codes, never names or notes."),
    )
