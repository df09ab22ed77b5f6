"""Forms of the public portal pages: the resource finder and the self-check. Nothing here is remembered by
the browser (autocomplete off) and every question may be left empty."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reclaim.portal.forms import PRIVATE
from reclaim.portal.self_check import NO, NOT_SURE, QUESTIONS, YES

PLACE_MAX = 100


class ResourceSearchForm(forms.Form):
    category = forms.ChoiceField(label=_("What kind of help?"), required=False)
    place = forms.CharField(
        label=_("Where?"),
        required=False,
        max_length=PLACE_MAX,
        widget=forms.TextInput(attrs={**PRIVATE, "type": "search"}),
        help_text=_("A town, city, region or postcode."),
        error_messages={"max_length": _("Please use fewer words: %(limit_value)d letters at most.")},
    )
    language = forms.ChoiceField(label=_("In which language?"), required=False)

    def __init__(
        self, *args: Any, categories: list[tuple[str, str]], languages: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Any kind of help")), *categories]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("Any language")), *languages]  # type: ignore[attr-defined]
        for name in ("category", "language"):
            self.fields[name].error_messages["invalid_choice"] = _("Please choose one from the list.")


ANSWER_CHOICES = [(YES, _("Yes")), (NO, _("No")), (NOT_SURE, _("Not sure"))]


class SelfCheckForm(forms.Form):
    """One yes / no / not sure question per indicator group, none required."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text, choices=ANSWER_CHOICES, required=False, widget=forms.RadioSelect
            )
