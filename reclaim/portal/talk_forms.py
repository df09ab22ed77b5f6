"""Portal forms for check-ins and messages: every question skippable, nothing the browser should remember."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.connect.checkin_actions import NOTE_MAX
from reclaim.connect.message_actions import BODY_MAX, SUBJECT_MAX
from reclaim.connect.models import Feeling, Safety
from reclaim.portal.forms import PRIVATE

SCHEDULE_CHOICES = [
    ("0", _("No, thank you")),
    ("1", _("Every day")),
    ("3", _("Every 3 days")),
    ("7", _("Every week")),
]


class CheckInForm(forms.Form):
    feeling = forms.ChoiceField(
        label=_("How are you?"), choices=Feeling.choices, required=False, widget=forms.RadioSelect
    )
    safety = forms.ChoiceField(
        label=_("Are you safe right now?"), choices=Safety.choices, required=False, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything you want to tell us"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={**PRIVATE, "rows": 3}),
        help_text=_("Only your case team can read this."),
    )


class ScheduleForm(forms.Form):
    every_days = forms.ChoiceField(
        label=_("Would you like a reminder to check in?"),
        choices=SCHEDULE_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "If you do not check in in time, your case team will see it and may reach out the safe way you chose."
        ),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=BODY_MAX, widget=forms.Textarea(attrs={**PRIVATE, "rows": 4})
    )
    attachment = forms.FileField(
        label=_("Add a file"),
        required=False,
        help_text=_("A PDF or a photo (JPEG or PNG), up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )


class NewThreadForm(MessageForm):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        required=False,
        widget=forms.TextInput(attrs=PRIVATE),
        help_text=_("A few words, if you like."),
    )
    field_order = ("subject", "body", "attachment")
