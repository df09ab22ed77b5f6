"""Forms of survivors' stories: they only validate shapes; every rule lives in stories_actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.outreach.models import Attribution, StoryReviewHow, StoryReviewOutcome, StoryWithdrawReason
from reclaim.outreach.stories_actions import (
    NOTE_MAX_LENGTH,
    QUOTE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    StoryInput,
)

DATE = forms.DateInput(attrs={"type": "date"})


class StoryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    consent = forms.ChoiceField(
        label=_("Media consent it stands on"),
        required=False,
        help_text=_("The story is withdrawn everywhere the moment this consent is taken back or ends."),
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    text = forms.CharField(
        label=_("Story"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "In the survivor's own words where you can. Leave out names, dates, places and anything else that "
            "could point to them or to the people who hurt them."
        ),
    )
    quote = forms.CharField(
        label=_("Short quote for campaigns"),
        required=False,
        max_length=QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attribution = forms.ChoiceField(
        label=_("Credited as"),
        choices=Attribution.choices,
        initial=Attribution.ANONYMOUS,
        help_text=_("Anonymous unless the media consent covers their name and identity and they want to be named."),
    )
    confirm_identifying = forms.BooleanField(
        label=_("I checked the names or dates flagged above with the survivor: they stay in the story"),
        required=False,
    )

    def __init__(self, *args: Any, consents: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if consents is None:
            del self.fields["consent"]
        else:
            self.fields["consent"].choices = consents  # type: ignore[attr-defined]

    def story_input(self) -> StoryInput:
        data = self.cleaned_data
        return StoryInput(
            title=data["title"],
            text=data["text"],
            quote=data["quote"],
            attribution=data["attribution"],
            consent_id=data.get("consent") or None,
            confirm_identifying=data["confirm_identifying"],
        )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StoryReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("What the survivor said"), choices=StoryReviewOutcome.choices, widget=forms.RadioSelect
    )
    how = forms.ChoiceField(label=_("How they reviewed it"), choices=StoryReviewHow.choices)
    reviewed_on = forms.DateField(label=_("Reviewed on"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For changes: what they would like changed."),
    )


WITHDRAW_CHOICES = [
    (StoryWithdrawReason.SURVIVOR_ASKED.value, StoryWithdrawReason.SURVIVOR_ASKED.label),
    (StoryWithdrawReason.STAFF_DECISION.value, StoryWithdrawReason.STAFF_DECISION.label),
]


class StoryWithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Why"), choices=WITHDRAW_CHOICES)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class StoryUseForm(forms.Form):
    campaign = forms.ChoiceField(label=_("Campaign"))

    def __init__(self, *args: Any, campaigns: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("Choose a campaign")), *campaigns]  # type: ignore[attr-defined]
