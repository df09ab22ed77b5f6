"""Forms for assessments; they only validate. Every question is skippable ("Skip this question" is the
default answer), and the partial-scoring rule is stated above the questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.assessments.scoring import option_values

if TYPE_CHECKING:
    import datetime

SKIP = ""


def text_in(texts: dict[str, str] | None, language: str) -> str:
    """The text in `language`, else English, else the first one."""
    if not texts:
        return ""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()))


class TakeAssessmentForm(forms.Form):
    """One radio group (a fieldset with the question as legend) per item, named item_<id>, with the
    questions and answers in `language`; a hidden `language` field sends it back with the answers."""

    administered_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args: Any, definition: dict[str, Any], language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.language = language
        for index, item in enumerate(definition["items"]):
            options = item.get("options") or definition["options"]
            choices = [(SKIP, _("Skip this question"))] + [
                (str(option["value"]), text_in(option["label"], language)) for option in options
            ]
            self.fields[self.item_field(item)] = forms.ChoiceField(
                label=f"{item['id']}. {text_in(item['text'], language)}",
                choices=choices,
                required=False,
                initial=SKIP,
                widget=forms.RadioSelect,
            )
            self.fields[self.item_field(item)].item_index = index  # type: ignore[attr-defined]
        # The language of administration, chosen before the questions are shown in it (issue 14).
        self.fields["language"] = forms.CharField(widget=forms.HiddenInput, initial=language, required=False)
        self.order_fields([*(self.item_field(i) for i in definition["items"]), "administered_on", "language"])

    def clean_language(self) -> str:
        language = self.cleaned_data.get("language") or self.language
        if language not in self.definition["languages"]:
            raise forms.ValidationError(_("This instrument is not available in that language."))
        return str(language)

    @staticmethod
    def item_field(item: dict[str, Any]) -> str:
        return f"item_{item['id']}"

    def clean_administered_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("administered_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def answers(self) -> list[int | None]:
        """One value per item in the definition's order, None for a skipped one."""
        values: list[int | None] = []
        for index, item in enumerate(self.definition["items"]):
            raw = self.cleaned_data.get(self.item_field(item), SKIP)
            value = int(raw) if raw not in (SKIP, None) else None
            values.append(value if value is None or value in option_values(self.definition, index) else None)
        return values


class AcknowledgeAlertForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. For example: who spoke with the person, the safety plan agreed, a referral made."),
    )
