"""Staff forms for portal check-ins and messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.connect.checkin_actions import ACTION_MAX
from reclaim.connect.message_actions import BODY_MAX, SUBJECT_MAX


class AcknowledgeForm(forms.Form):
    action_taken = forms.CharField(
        label=_("What was done"),
        max_length=ACTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “Called on the safe number at 14:10, she is at the shelter now.”"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class StaffMessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("A PDF, JPEG or PNG, up to 5 MB. It is stored encrypted."),
    )


class StartThreadForm(StaffMessageForm):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        required=False,
        help_text=_("The person sees this. Keep it neutral, for example “Next week”."),
    )
    field_order = ("subject", "body", "attachment")
